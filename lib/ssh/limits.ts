/**
 * How much hapair reads from a node, per call. A node is not trusted to be small: a broken or hostile
 * one may answer without end, and every read here is held in the agents' memory.
 */
const MiB = 1024 * 1024;

/** Command output (validators, state dumps): `haproxy -c` on a 5,000-server config prints well under 1 MiB. */
export const MAX_EXEC_OUTPUT_BYTES = 4 * MiB;

/** One admin/master socket answer: `show servers state` of 5,000 servers is about 1 MiB. */
export const MAX_SOCKET_ANSWER_BYTES = 4 * MiB;

/** One probe answer on a kept-open channel: filtered `show stat` of 5,000 servers is under 1 MiB; a normal pair's is a few KiB. */
export const MAX_CONVERSATION_ANSWER_BYTES = 2 * MiB;

/** A file read over SFTP (haproxy.cfg, keepalived.conf, logs): configs hapair writes are kilobytes, a huge one megabytes. */
export const MAX_FILE_BYTES = 8 * MiB;

/** One line of a followed command (`ip -o monitor address` lines are about 150 bytes). */
export const MAX_FOLLOW_LINE_BYTES = 16 * 1024;

/** A followed command printing more than this per window is flooding (addresses do not change that fast): it is ended. */
export const FOLLOW_FLOOD_BYTES = 1 * MiB;
export const FOLLOW_FLOOD_WINDOW_MS = 10_000;
