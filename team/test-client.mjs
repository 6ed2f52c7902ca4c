// The libraries the tests (tests/team/) and the load test (tests/bench/rooms.mjs) speak to the
// server with, re-exported from team/node_modules so that there is one copy of each (one Yjs in a
// process) and the tests need no node_modules of their own. Not used by the server.
export * as Y from 'yjs';
export { HocuspocusProvider } from '@hocuspocus/provider';
export { WebSocket } from 'ws';
export * as encoding from 'lib0/encoding';
export * as decoding from 'lib0/decoding';
export { default as pg } from 'pg';
