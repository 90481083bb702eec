import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { readBoundedText } from './readBoundedText';

function streamOf(chunks: readonly Uint8Array[], onCancel?: () => void): ReadableStream<Uint8Array> {
  let i = 0;
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      const chunk = chunks[i++];
      if (chunk === undefined) controller.close();
      else controller.enqueue(chunk);
    },
    cancel() {
      onCancel?.();
    },
  });
}

describe('readBoundedText', () => {
  it('reads a short body whole', async () => {
    const result = await readBoundedText(new Response('héllo').body, 1024);
    expect(result).toEqual({ text: 'héllo', truncated: false, failed: false });
  });

  it('reads bytes made in another realm (an iframe, Node fetch under jsdom)', async () => {
    const foreign = runInNewContext('new Uint8Array([104, 105])') as Uint8Array;
    expect(foreign instanceof Uint8Array).toBe(false);
    const result = await readBoundedText(streamOf([foreign]), 1024);
    expect(result.text).toBe('hi');
  });

  it('returns an empty text for a missing body', async () => {
    expect(await readBoundedText(null, 10)).toEqual({ text: '', truncated: false, failed: false });
  });

  it('keeps exactly maxBytes, marks the result truncated and cancels the stream', async () => {
    let cancelled = false;
    const enc = new TextEncoder();
    const result = await readBoundedText(streamOf([enc.encode('abcdef'), enc.encode('ghijkl'), enc.encode('never')], () => (cancelled = true)), 8);
    expect(result.text).toBe('abcdefgh');
    expect(result.truncated).toBe(true);
    await Promise.resolve();
    expect(cancelled).toBe(true);
  });

  it('is not truncated when the body is exactly maxBytes long', async () => {
    const result = await readBoundedText(new Response('12345678').body, 8);
    expect(result).toEqual({ text: '12345678', truncated: false, failed: false });
  });

  it('decodes a multi-byte character split across chunks', async () => {
    const bytes = new TextEncoder().encode('€');
    const result = await readBoundedText(streamOf([bytes.subarray(0, 1), bytes.subarray(1)]), 100);
    expect(result.text).toBe('€');
  });

  it('replaces invalid UTF-8 instead of throwing', async () => {
    const result = await readBoundedText(streamOf([new Uint8Array([0xff, 0xfe, 0x41])]), 100);
    expect(result.failed).toBe(false);
    expect(result.text.endsWith('A')).toBe(true);
  });

  it('reports a stream that errors, with what arrived before', async () => {
    let pulls = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (pulls++ === 0) controller.enqueue(new TextEncoder().encode('part'));
        else controller.error(new TypeError('reset'));
      },
    });
    const result = await readBoundedText(stream, 100);
    expect(result.failed).toBe(true);
    expect(result.text).toBe('part');
  });

  it('reports a locked stream as failed instead of throwing', async () => {
    const stream = new Response('x').body;
    stream?.getReader();
    expect((await readBoundedText(stream, 100)).failed).toBe(true);
  });
});
