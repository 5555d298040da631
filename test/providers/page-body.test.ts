import http from 'node:http';
import type { AddressInfo } from 'node:net';
import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getPage, withLeadingByte } from '../../electron/core/providers/page-body.js';

// A page with characters outside ASCII, so a wrong byte count or a bad join shows in the text.
const PAGE = JSON.stringify(Array.from({ length: 300 }, (_, i) => ({ id: `user_${i}`, name: `Zoë ${i} 名前`, created_at: 1_700_000_000_000 + i })));
const PAGE_BYTES = Buffer.from(PAGE);

let server: http.Server;
let base: string;

beforeAll(async () => {
  server = http.createServer((req, res) => {
    const kind = new URL(req.url ?? '/', 'http://x').pathname.slice(1);
    const send = (headers: http.OutgoingHttpHeaders, body: Buffer) => res.writeHead(200, headers).end(body);
    if (kind === 'plain') return send({ 'Content-Length': PAGE_BYTES.length }, PAGE_BYTES);
    if (kind === 'gzip') return send({ 'Content-Encoding': 'gzip' }, zlib.gzipSync(PAGE_BYTES));
    if (kind === 'br') return send({ 'Content-Encoding': 'br' }, zlib.brotliCompressSync(PAGE_BYTES));
    if (kind === 'deflate') return send({ 'Content-Encoding': 'deflate' }, zlib.deflateSync(PAGE_BYTES));
    if (kind === 'chunked') {
      // No Content-Length: written in pieces that cut multi-byte characters.
      res.writeHead(200, { 'Content-Type': 'application/json' });
      for (let at = 0; at < PAGE_BYTES.length; at += 1001) res.write(PAGE_BYTES.subarray(at, at + 1001));
      return res.end();
    }
    if (kind === 'cut') {
      res.writeHead(200, { 'Content-Length': PAGE_BYTES.length });
      res.write(PAGE_BYTES.subarray(0, 5000), () => res.destroy());
      return;
    }
    res.writeHead(404, { 'Retry-After': '7' }).end('{"errors":[]}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const get = (path: string, signal = new AbortController().signal) => getPage(new URL(path, base), {}, signal);

describe('getPage', () => {
  it.each(['plain', 'gzip', 'br', 'deflate', 'chunked'])('reads a %s body byte for byte', async (kind) => {
    const page = await get(`/${kind}`);
    expect(page.status).toBe(200);
    expect(Buffer.compare(page.body, PAGE_BYTES)).toBe(0);
    expect(JSON.parse(page.body.toString('utf8'))).toEqual(JSON.parse(PAGE));
  });

  it('gives the status and headers of a failed request', async () => {
    const page = await get('/missing');
    expect(page.status).toBe(404);
    expect(page.header('Retry-After')).toBe('7');
    expect(page.header('X-Absent')).toBeNull();
  });

  it('fails when the connection is cut mid-body', async () => {
    await expect(get('/cut')).rejects.toThrow();
  });

  it('fails with the signal’s reason once aborted', async () => {
    const controller = new AbortController();
    const reason = new Error('stopped by the test');
    controller.abort(reason);
    await expect(get('/plain', controller.signal)).rejects.toBe(reason);
  });
});

describe('withLeadingByte', () => {
  it('puts the byte before a body getPage read', async () => {
    const { body } = await get('/plain');
    const framed = withLeadingByte(body, 1);
    expect(framed[0]).toBe(1);
    expect(Buffer.compare(framed.subarray(1), PAGE_BYTES)).toBe(0);
  });

  it('copies any other bytes, leaving the memory before them alone', () => {
    const shared = Buffer.from('xyz{"a":1}');
    const body = shared.subarray(3);
    const framed = withLeadingByte(body, 1);
    expect([...framed]).toEqual([1, ...Buffer.from('{"a":1}')]);
    expect(shared.toString()).toBe('xyz{"a":1}');
  });
});
