/**
 * Optional second opinion from Gemini (`generateContent`): a screenshot of the page, and the question
 * "what does one unit cost by check/wire?". The model only reads a number; whether it agrees is
 * decided here, numerically. The key travels in the `x-goog-api-key` header, never in the URL.
 */

import type { Clock } from '../data/time.js';
import * as z from '../data/zod.js';
import { type FetchLike, HttpError, jsonBody, request, safeUrl } from '../http/fetch.js';

export const VISION_MODES = ['off', 'on-doubt', 'always'] as const;
export type VisionMode = (typeof VISION_MODES)[number];

export const GEMINI_BASE = 'https://generativelanguage.googleapis.com';
export const DEFAULT_VISION_MODEL = 'gemini-2.5-flash';

export interface VisionOptions {
  mode: VisionMode;
  apiKey?: string;
  model?: string;
  baseUrl?: string;
  /** Most Gemini calls in one run. */
  maxCalls?: number;
  timeoutMs?: number;
  fetch?: FetchLike;
  clock?: Clock;
}

export interface VisionReading {
  price: number | null;
  inStock: boolean | null;
}

export class VisionError extends Error {
  override name = 'VisionError';
}

const answer = z.object({
  candidates: z
    .array(
      z.object({
        content: z.optional(
          z.looseObject({ parts: z.array(z.looseObject({ text: z.optional(z.string()) })) }),
        ),
        finishReason: z.optional(z.string()),
      }),
    )
    .check(z.minLength(1)),
});
const modelJson = z.object({
  price: z.nullable(z.number().check(z.positive())),
  inStock: z.optional(z.nullable(z.boolean())),
});
const errorBody = z.object({
  error: z.object({ code: z.optional(z.number()), message: z.string(), status: z.optional(z.string()) }),
});

/** Within half a percent (and a cent): the same price read two ways. */
export const pricesAgree = (a: number, b: number) =>
  Math.abs(a - b) <= Math.max(0.01, 0.005 * Math.max(a, b));

export function visionPrompt(productName: string): string {
  return (
    `This is a screenshot of a bullion dealer's product page for "${productName}". ` +
    'What is the price of ONE unit when paying by check or wire (the first quantity tier of the check/wire column, ' +
    'not the card/PayPal price, not an "as low as" bulk price, not prices of other products in menus or carousels)? ' +
    'Also say whether it can be bought now. Answer JSON {"price": number or null, "inStock": boolean or null}.'
  );
}

export class GeminiVision {
  private calls = 0;

  constructor(private readonly options: VisionOptions) {
    if (options.mode !== 'off' && !options.apiKey) {
      throw new VisionError(`vision: ${options.mode} needs gemini-api-key (GEMINI_API_KEY)`);
    }
  }

  /** Calls left under the per-run cap. */
  get remaining(): number {
    return Math.max(0, (this.options.maxCalls ?? 20) - this.calls);
  }

  async read(screenshot: Uint8Array, productName: string): Promise<VisionReading> {
    if (this.remaining === 0) throw new VisionError('vision call cap reached for this run');
    this.calls++;
    const model = this.options.model ?? DEFAULT_VISION_MODEL;
    const url = `${(this.options.baseUrl ?? GEMINI_BASE).replace(/\/+$/, '')}/v1beta/models/${encodeURIComponent(model)}:generateContent`;
    const body = {
      contents: [
        {
          role: 'user',
          parts: [
            { text: visionPrompt(productName) },
            { inline_data: { mime_type: 'image/jpeg', data: Buffer.from(screenshot).toString('base64') } },
          ],
        },
      ],
      generationConfig: {
        temperature: 0,
        responseMimeType: 'application/json',
        responseSchema: {
          type: 'OBJECT',
          properties: {
            price: { type: 'NUMBER', nullable: true },
            inStock: { type: 'BOOLEAN', nullable: true },
          },
          required: ['price'],
        },
      },
    };
    let res: Awaited<ReturnType<typeof request>>;
    try {
      res = await request(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-goog-api-key': this.options.apiKey! },
        body: JSON.stringify(body),
        timeoutMs: this.options.timeoutMs ?? 60_000,
        retries: 2,
        fetch: this.options.fetch,
        clock: this.options.clock,
      });
    } catch (err) {
      throw new VisionError(`Gemini unreachable: ${err instanceof HttpError ? err.message : String(err)}`);
    }
    if (res.status !== 200) {
      const parsed = errorBody.safeParse(safeJson(res.text));
      const detail = parsed.success
        ? `${parsed.data.error.status ?? ''} ${parsed.data.error.message}`.trim()
        : res.text.slice(0, 120);
      throw new VisionError(
        `Gemini answered HTTP ${res.status} from ${safeUrl(url)}: ${detail.replaceAll(this.options.apiKey!, '***')}`,
      );
    }
    let value: unknown;
    try {
      value = jsonBody(res);
    } catch (err) {
      throw new VisionError(`Gemini answered garbage: ${(err as Error).message}`);
    }
    const parsed = answer.safeParse(value);
    if (!parsed.success) throw new VisionError('Gemini answer has no candidates');
    const text = parsed.data.candidates[0]!.content?.parts.map((p) => p.text ?? '').join('') ?? '';
    const reading = modelJson.safeParse(safeJson(text.replace(/^```(?:json)?\s*|\s*```$/g, '')));
    if (!reading.success)
      throw new VisionError(`Gemini's reply is not the JSON asked for: ${JSON.stringify(text.slice(0, 80))}`);
    return {
      price: reading.data.price === null ? null : Math.round(reading.data.price * 100) / 100,
      inStock: reading.data.inStock ?? null,
    };
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
