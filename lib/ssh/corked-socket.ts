/**
 * The TCP socket under a node's SSH connection. ssh2 writes every SSH packet as three socket writes
 * (length, payload, MAC); to a lab or LAN peer each write is a syscall plus the peer's receive path,
 * which dominated hapair's CPU per poll. Corking until the end of the tick sends what one burst of
 * work produces (a poll's requests on several channels) as one writev.
 */
import { Socket } from "node:net";

/** Starts connecting; ssh2 takes a socket that is still connecting and waits for its "connect". */
export function connectCorked(host: string, port: number): Socket {
  const socket = new Socket();
  // Before anything can emit: ssh2 attaches its own handler only inside client.connect(), and a connect
  // that throws first (an unparseable key) left a refused socket's "error" unhandled, ending the process.
  // ssh2 reports socket errors as the client's "error"; this one only keeps them from being fatal.
  socket.on("error", () => {});
  socket.setNoDelay(true);
  // net.Socket#connect resets an instance's own `write`, so the corking one goes on once connected
  // (this listener runs before ssh2's, which sends the SSH greeting).
  socket.once("connect", () => corkEachTick(socket));
  socket.connect({ host, port });
  return socket;
}

function corkEachTick(socket: Socket): void {
  const write = socket.write.bind(socket) as (...args: Parameters<Socket["write"]>) => boolean;
  let corked = false;
  const uncork = () => {
    corked = false;
    socket.uncork();
  };
  socket.write = ((...args: Parameters<Socket["write"]>) => {
    if (!corked) {
      corked = true;
      socket.cork();
      process.nextTick(uncork);
    }
    return write(...args);
  }) as Socket["write"];
}
