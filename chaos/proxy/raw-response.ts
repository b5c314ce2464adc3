/** An HTTP/1.1 response head written straight to a socket (upgrade requests have no `ServerResponse`). */
export function rawResponseHead(status: number, message: string, headers: readonly string[]): string {
  let head = `HTTP/1.1 ${status} ${message}\r\n`;
  for (let i = 0; i + 1 < headers.length; i += 2) head += `${headers[i]}: ${headers[i + 1]}\r\n`;
  return `${head}\r\n`;
}

/** A complete, connection-closing plain-text response. */
export function rawTextResponse(status: number, message: string, headers: readonly string[], body: string): string {
  const all = [
    ...headers,
    'Content-Type',
    'text/plain; charset=utf-8',
    'Content-Length',
    String(Buffer.byteLength(body)),
    'Connection',
    'close',
  ];
  return rawResponseHead(status, message, all) + body;
}
