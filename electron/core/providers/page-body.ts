// One GET of a provider's page, its body read into a single buffer with a spare byte in front.
// A page is about 1 MB of JSON. node:http into a buffer sized from Content-Length costs the
// engine less than fetch's arrayBuffer() (100,000 users: 1.6 against 2.1 CPU-s, and fewer full
// garbage collections, which every large buffer brings closer), and the spare byte lets a page
// go to Postgres as binary jsonb, a version byte before the text, without copying it
// (sync/upsert-statements.ts). Compressed answers are inflated as fetch would.
import http from 'node:http';
import https from 'node:https';
import zlib from 'node:zlib';
import type { Readable } from 'node:stream';

export interface PageResponse {
  status: number;
  statusText: string;
  header(name: string): string | null;
  body: Buffer;
}

/** Bodies read by getPage: the byte before each is theirs to write. */
const withSpareByte = new WeakSet<Uint8Array>();

/** GETs `url`; rejects on a network failure (or with `signal.reason` once aborted). */
export function getPage(url: URL, headers: Record<string, string>, signal: AbortSignal): Promise<PageResponse> {
  const client = url.protocol === 'https:' ? https : http;
  return new Promise<PageResponse>((resolve, reject) => {
    const request = client.get(url, { headers: { ...headers, 'Accept-Encoding': 'gzip, deflate, br' }, signal }, (response) => {
      const decoded = decode(response, response.headers['content-encoding']);
      const length = decoded === response ? Number(response.headers['content-length']) : NaN;
      readBody(decoded, Number.isSafeInteger(length) ? length : null).then((body) => {
        const header = (name: string) => {
          const value = response.headers[name.toLowerCase()];
          return value === undefined ? null : Array.isArray(value) ? value.join(', ') : value;
        };
        resolve({ status: response.statusCode ?? 0, statusText: response.statusMessage ?? '', header, body });
      }, reject);
    });
    request.on('error', (error) => reject(signal.aborted ? signal.reason : error));
  });
}

function decode(response: http.IncomingMessage, encoding: string | undefined): Readable {
  const inflate = { gzip: zlib.createGunzip, 'x-gzip': zlib.createGunzip, deflate: zlib.createInflate, br: zlib.createBrotliDecompress }[
    encoding?.trim().toLowerCase() ?? ''
  ];
  if (!inflate) return response;
  const stream = inflate();
  response.on('error', (error) => stream.destroy(error));
  return response.pipe(stream);
}

/** The whole body after one spare byte; sized up front when the length is known. */
function readBody(stream: Readable, length: number | null): Promise<Buffer> {
  return new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = [];
    let whole = length === null ? null : Buffer.allocUnsafe(1 + length);
    let end = 1;
    stream.on('data', (chunk: Buffer) => {
      if (whole && end + chunk.length <= whole.length) {
        chunk.copy(whole, end);
      } else {
        // Longer than announced, or no length: gathered, joined at the end.
        if (whole) chunks.push(whole.subarray(1, end));
        whole = null;
        chunks.push(chunk);
      }
      end += chunk.length;
    });
    // A connection cut mid-body ends in 'error' ("aborted"), or in 'close' before 'end'.
    stream.on('error', reject);
    stream.on('close', () => reject(new Error('the connection closed before the body ended')));
    stream.on('end', () => {
      if (!whole) whole = Buffer.concat([Buffer.alloc(1), ...chunks]);
      const body = whole.subarray(1, end);
      withSpareByte.add(body);
      resolve(body);
    });
  });
}

/** `body` with `byte` before it, as one Buffer: in the spare byte of a body getPage read (no copy), else copied. */
export function withLeadingByte(body: Uint8Array, byte: number): Buffer {
  if (!withSpareByte.has(body)) return Buffer.concat([Buffer.from([byte]), body]);
  const framed = Buffer.from(body.buffer, body.byteOffset - 1, body.byteLength + 1);
  framed[0] = byte;
  return framed;
}
