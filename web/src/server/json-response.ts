// JSON answers of the API: never cached (they are per user), with an optional status and Location.
export function jsonResponse(body: unknown, status = 200, location?: string): Response {
  return Response.json(body, { status, headers: { 'Cache-Control': 'no-store', ...(location ? { Location: location } : {}) } });
}
