/** Messages between the bench's load generator and its server child (IPC). */
export type ServerKind = 'qualification' | 'echo' | 'bare';

export type ServerRequest = { type: 'stats' } | { type: 'stateBytes'; keys: string[] } | { type: 'stop' };

export type ServerReply =
  | { type: 'ready'; url: string; readyMs: number }
  | { type: 'stats'; rssMb: number; cpuMs: number }
  | { type: 'stateBytes'; bytes: number };
