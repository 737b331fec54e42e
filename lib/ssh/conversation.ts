/**
 * A channel kept open across polls: a request is written, its answer read up to a recognisable end.
 * It saves each poll a channel's setup and teardown (about ten SSH packets). One request at a time;
 * a failed, timed-out or aborted request closes the conversation, since its stream is out of step.
 */
import { StringDecoder } from "node:string_decoder";
import type { ClientChannel } from "ssh2";
import type { Conversation } from "./node-shell";
import type { SshError } from "./errors";
import { MAX_CONVERSATION_ANSWER_BYTES } from "./limits";

interface Pending {
  isComplete: (answer: string) => boolean;
  resolve: (answer: string) => void;
  reject: (error: SshError) => void;
}

export class ChannelConversation implements Conversation {
  private answer = "";
  /** Bytes received since the last request (or the last answer): what `answer` holds, in bytes. */
  private answerBytes = 0;
  private readonly decoder = new StringDecoder("utf8");
  private pending: Pending | null = null;
  private ended = false;

  constructor(
    private readonly channel: ClientChannel,
    private readonly makeError: (message: string, kind: SshError["kind"]) => SshError,
    /** Called once when the conversation ends, however it ends (gives back the channel slot). */
    private readonly onEnd: () => void,
  ) {
    channel.on("data", (chunk: Buffer) => this.receive(chunk));
    channel.stderr.on("data", () => {}); // drained; the answers that matter are on stdout
    channel.on("close", () => this.end(this.makeError("the channel closed", "closed")));
    channel.on("error", (cause: Error) =>
      this.end(this.makeError(`channel error: ${cause.message}`, "closed")),
    );
  }

  get closed(): boolean {
    return this.ended;
  }

  ask(
    request: string,
    isComplete: (answer: string) => boolean,
    options: { signal?: AbortSignal; timeoutMs: number },
  ): Promise<string> {
    if (this.ended) return Promise.reject(this.makeError("the conversation has ended", "closed"));
    if (this.pending)
      return Promise.reject(this.makeError("a request is already waiting for its answer", "channel"));
    const { signal, timeoutMs } = options;
    return new Promise<string>((resolve, reject) => {
      const settle = () => {
        clearTimeout(timer);
        signal?.removeEventListener("abort", onAbort);
        this.pending = null;
      };
      const onAbort = () => this.end(this.makeError("aborted", "aborted"));
      const timer = setTimeout(
        () => this.end(this.makeError(`no answer within ${timeoutMs} ms`, "timeout")),
        timeoutMs,
      );
      this.pending = {
        isComplete,
        resolve: (answer) => (settle(), resolve(answer)),
        reject: (error) => (settle(), reject(error)),
      };
      if (signal?.aborted) return onAbort();
      signal?.addEventListener("abort", onAbort, { once: true });
      this.answer = ""; // anything unasked-for is dropped
      this.answerBytes = 0;
      this.channel.write(request);
    });
  }

  close(): void {
    this.end(this.makeError("closed", "closed"));
  }

  private receive(chunk: Buffer): void {
    if (this.ended) return;
    this.answerBytes += chunk.length;
    if (this.answerBytes > MAX_CONVERSATION_ANSWER_BYTES) {
      this.end(
        this.makeError(
          `answer exceeded ${MAX_CONVERSATION_ANSWER_BYTES} bytes; the channel was closed`,
          "too-large",
        ),
      );
      return;
    }
    this.answer += this.decoder.write(chunk);
    if (this.pending?.isComplete(this.answer)) {
      const answer = this.answer;
      this.answer = "";
      this.answerBytes = 0;
      this.pending.resolve(answer);
    }
  }

  private end(error: SshError): void {
    if (this.ended) return;
    this.ended = true;
    this.pending?.reject(error);
    this.channel.close();
    this.onEnd();
  }
}
