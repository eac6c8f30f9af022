// Reading request bodies defensively: media type first, declared length before reading, and a hard
// cap while streaming so an oversized body is refused without being buffered whole.
import { AppError } from './app-error';

/** Largest body any JSON endpoint reads (a 100 KB submission JSON-escaped fits comfortably). */
export const MAX_JSON_BODY_BYTES = 200_000;

export function mediaType(request: Request): string {
  return (request.headers.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
}

export function requireJsonMediaType(request: Request): void {
  const type = mediaType(request);
  if (type !== 'application/json' && !/^application\/[a-z0-9.+-]+\+json$/.test(type)) {
    throw new AppError('UNSUPPORTED_MEDIA', 'Send the request body as application/json.');
  }
}

/** Reads the body as text, refusing (413) as soon as it is known to exceed `maxBytes`. */
export async function readBodyText(request: Request, maxBytes: number): Promise<string> {
  const tooLarge = () => new AppError('PAYLOAD_TOO_LARGE', `The request body is larger than ${maxBytes} bytes.`);
  const declared = request.headers.get('content-length');
  if (declared !== null && /^\d+$/.test(declared) && Number(declared) > maxBytes) throw tooLarge();
  if (!request.body) return '';

  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw tooLarge();
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new AppError('VALIDATION', 'The request body is not valid UTF-8.');
  }
}

/** application/json body -> unknown value; 415 for other media types, 413 when too large, 400 when malformed. */
export async function readJsonBody(request: Request, maxBytes: number = MAX_JSON_BODY_BYTES): Promise<unknown> {
  requireJsonMediaType(request);
  const text = await readBodyText(request, maxBytes);
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new AppError('VALIDATION', 'The request body is not valid JSON.');
  }
}
