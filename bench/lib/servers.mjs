// The loopback servers of the send-overhead benchmark.

import http from 'node:http';

/** The send result the minimal server (and the stub `fetch` of the bench) answers. */
export const ANSWER = JSON.stringify({
  messageId: '4f6c3b2a-1d2e-4f50-8899-aabbccddeeff',
  status: 'sent',
  recipientId: '847495124317323',
  type: 'Text',
});

/** A minimal node:http server that reads the body and answers a fixed 200 JSON: as cheap as a server gets. */
export function startMinimalServer() {
  const server = http.createServer((req, res) => {
    req.on('data', () => {});
    req.on('end', () => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(ANSWER) });
      res.end(ANSWER);
    });
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      resolve({
        url: `http://127.0.0.1:${port}`,
        close: () =>
          new Promise((done) => {
            server.closeAllConnections?.();
            server.close(() => done());
          }),
      });
    });
  });
}
