/**
 * Reads a response body to text, stopping at `maxBytes`: the one capped reader behind provider
 * answers and GitHub's tree and contents answers, so that no body is ever read unbounded.
 * `undefined` when the body is over the cap (the stream is cancelled).
 */
export async function readCappedText(body: ReadableStream<Uint8Array>, maxBytes: number): Promise<string | undefined> {
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel().catch(() => undefined);
      return undefined;
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}
