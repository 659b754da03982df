/**
 * Fakes for the download tests (command-kinds, cli-files): a transport that answers the Pulse PDF
 * itself and passes every other request on to the emulator, and bodies of a given size.
 */
import type { Transport } from "../src/api/client.ts";

/** A transport that answers the PDF itself (any size, any failure) and passes everything else to the emulator. */
export function pdfTransport(answer: (attempt: number) => Response | Promise<Response>): { fetch: Transport; attempts: () => number } {
  let attempts = 0;
  return {
    fetch: async (input, init) => {
      const url = String(input instanceof Request ? input.url : input);
      if (url.includes("/export/pdf")) return answer(++attempts);
      return fetch(input, init);
    },
    attempts: () => attempts,
  };
}

/** A body of `size` bytes (7s) in 64 KiB chunks that breaks off after `breakAt` bytes (never, when undefined). */
export function body(size: number, breakAt?: number): ReadableStream<Uint8Array> {
  let sent = 0;
  const chunk = new Uint8Array(64 * 1024).fill(7);
  return new ReadableStream({
    pull(controller) {
      if (breakAt !== undefined && sent >= breakAt) return controller.error(Object.assign(new Error("socket closed"), { code: "ECONNRESET" }));
      if (sent >= size) return controller.close();
      const piece = chunk.subarray(0, Math.min(chunk.length, size - sent));
      sent += piece.length;
      controller.enqueue(piece);
    },
  });
}
