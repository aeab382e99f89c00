import { sleep } from 'n8n-workflow';

/**
 * One HTTP exchange with a bounded wait and a bounded size. n8n's own `timeout` is an idle timer on
 * the socket (a body trickling one byte at a time never ends) and its size limit is infinite, so
 * every request asks n8n for the raw body stream, and the answer is read here: the whole exchange,
 * headers and body, must finish within `timeoutMs`, and a body over `maxBytes` is cut off.
 */

export const DEFAULT_TIMEOUT_MS = 60000;
export const DEFAULT_MAX_RESPONSE_BYTES = 32 * 1024 * 1024;

export interface ExchangeLimits {
	/** The total deadline for the whole answer, from sending to the last byte. */
	timeoutMs: number;
	maxBytes: number;
	/** Once aborted, nothing more is sent and the answer is no longer waited for. */
	signal?: AbortSignal;
}

/** n8n's request options that make every request ours to read and to judge (no redirects). */
export const RAW_EXCHANGE_OPTIONS = {
	encoding: 'stream',
	returnFullResponse: true,
	ignoreHttpStatusErrors: true,
	// A redirect is an answer, never followed: the next hop would get the token or the password.
	disableFollowRedirect: true,
	sendCredentialsOnCrossOriginRedirect: false,
} as const;

export interface RawAnswer {
	status: number;
	headers: Record<string, unknown>;
	text: string;
}

/** The request's own signal ended it: nobody waits for its answer any more. */
export class RequestCancelledError extends Error {
	constructor() {
		super('The request was cancelled');
	}
}

/** The exchange did not finish within its limits; `code` mirrors a network timeout for retries. */
export class ExchangeLimitError extends Error {
	readonly code: string;

	constructor(
		readonly reason: 'deadline' | 'tooLarge',
		readonly limit: number,
	) {
		super(reason === 'deadline' ? `timeout of ${limit}ms exceeded` : `answer over ${limit} bytes`);
		this.code = reason === 'deadline' ? 'ETIMEDOUT' : 'ERR_RESPONSE_TOO_LARGE';
	}
}

interface BodyStream {
	on(event: string, listener: (...args: unknown[]) => void): unknown;
	destroy(error?: Error): unknown;
}

interface FullResponse {
	body?: unknown;
	headers?: Record<string, unknown>;
	statusCode?: number;
}

function isStream(value: unknown): value is BodyStream {
	return (
		typeof (value as BodyStream | undefined)?.on === 'function' &&
		typeof (value as BodyStream).destroy === 'function'
	);
}

function discard(response: unknown): void {
	const body = (response as FullResponse | undefined)?.body;
	if (isStream(body)) body.destroy();
}

/** Reads a body stream as text, failing once more than `maxBytes` arrived. */
function readCapped(stream: BodyStream, maxBytes: number): Promise<string> {
	return new Promise((resolve, reject) => {
		// The chunks as they came, decoded once at the end: an answer over the cap never costs more
		// memory than the cap (decoding as it arrives would hold the text and the chunks until GC).
		let chunks: Uint8Array[] = [];
		let bytes = 0;
		let ended = false;
		const fail = (error: unknown) => {
			if (ended) return;
			ended = true;
			chunks = [];
			reject(error);
		};
		stream.on('data', (chunk: unknown) => {
			if (ended) return;
			const data = chunk as Uint8Array;
			bytes += data.length;
			if (bytes > maxBytes) {
				fail(new ExchangeLimitError('tooLarge', maxBytes));
				stream.destroy();
				return;
			}
			chunks.push(data);
		});
		stream.on('end', () => {
			if (ended) return;
			ended = true;
			const decoder = new TextDecoder();
			const text = chunks.map((data) => decoder.decode(data, { stream: true })).join('');
			chunks = [];
			resolve(text + decoder.decode());
		});
		stream.on('error', fail);
		stream.on('close', () =>
			fail(
				Object.assign(new Error('The connection closed before the answer ended'), {
					code: 'ECONNRESET',
				}),
			),
		);
	});
}

/** Lets the caller start the deadline again (the login inside a request ended: the request's turn). */
export interface ExchangeClock {
	restart(timeoutMs: number): void;
}

/** The reason a timer is cancelled with: one shared value, so a cancel builds no DOMException per request. */
const TIMER_CANCELLED = new Error('timer cancelled');

/**
 * Runs `send` (which must use RAW_EXCHANGE_OPTIONS) and reads its answer within the limits.
 * `abort`, when the caller can hand n8n a signal (the login can; n8n replaces it for API
 * requests), is aborted at the deadline so that the request itself stops too; so is it when
 * `limits.signal` cancels the exchange.
 */
export async function exchange(
	send: () => Promise<unknown>,
	limits: ExchangeLimits,
	abort?: AbortController,
	onClock?: (clock: ExchangeClock) => void,
): Promise<RawAnswer> {
	let timer = new AbortController();
	let expired = false;
	let body: BodyStream | undefined;
	let expire: (error: Error) => void = () => undefined;
	const deadline = new Promise<never>((_, reject) => {
		expire = reject;
	});
	// Cancelled timers and a deadline nobody waits for any more are the normal end, not failures.
	deadline.catch(() => undefined);
	const arm = (timeoutMs: number) => {
		timer.abort(TIMER_CANCELLED);
		const mine = new AbortController();
		timer = mine;
		sleep(timeoutMs, mine.signal).then(
			() => {
				if (timer !== mine) return;
				expired = true;
				body?.destroy();
				abort?.abort();
				expire(new ExchangeLimitError('deadline', timeoutMs));
			},
			() => undefined,
		);
	};
	const { signal } = limits;
	if (signal?.aborted) throw new RequestCancelledError();
	const cancel = () => {
		expired = true;
		body?.destroy();
		abort?.abort();
		expire(new RequestCancelledError());
	};
	signal?.addEventListener('abort', cancel, { once: true });
	arm(limits.timeoutMs);
	onClock?.({ restart: arm });
	try {
		const pending = send();
		// An answer arriving after the deadline is closed at once instead of being read by nobody.
		pending.then(
			(late) => expired && discard(late),
			() => undefined,
		);
		const response = (await Promise.race([pending, deadline])) as FullResponse;
		const status = Number(response?.statusCode);
		const headers = response?.headers ?? {};
		if (!isStream(response?.body)) {
			const text = typeof response?.body === 'string' ? response.body : '';
			return { status, headers, text };
		}
		body = response.body;
		const text = await Promise.race([readCapped(body, limits.maxBytes), deadline]);
		return { status, headers, text };
	} finally {
		timer.abort(TIMER_CANCELLED);
		signal?.removeEventListener('abort', cancel);
	}
}
