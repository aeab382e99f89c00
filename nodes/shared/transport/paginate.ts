import type { IDataObject, JsonObject } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import type { ListResult } from '../types';
import type { VeeamClient } from './client';

export const DEFAULT_PAGE_SIZE = 200;

/**
 * No VBR lists more objects than this (its own limits are far lower); a total above it, or more
 * items than it without a total, is a broken or hostile server, stopped before memory runs out.
 */
export const MAX_LIST_ITEMS = 1_000_000;

export interface PageOptions {
	/** Stop after this many items; undefined reads everything. */
	limit?: number;
	pageSize?: number;
	itemIndex?: number;
	/**
	 * Require one consistent list (the trigger). Besides the checks every read makes, a strict
	 * read fails when an element has no ID, when `pagination.total` changes between pages, and
	 * when the pages end before the total (or go past it). A one-off Get Many tolerates these: an
	 * object created or removed while the pages are read legitimately changes the total or leaves
	 * the last page empty, and the list is still the best answer there is. The trigger instead
	 * compares the list with its snapshot and would announce every missing object as removed; for
	 * it, failing the poll (nothing stored, nothing emitted) and reading again next time is safe.
	 */
	strict?: boolean;
	/** Called once per page read (the poll counts pages to know whether the read was atomic). */
	onPage?: () => void;
}

/** Without a total, a server that always fills its pages is stopped here. */
const MAX_PAGES_WITHOUT_TOTAL = 10000;

function listError(
	client: VeeamClient,
	path: string,
	message: string,
	description: string,
	itemIndex: number | undefined,
): NodeApiError {
	return new NodeApiError(client.node, { path } as JsonObject, { message, description, itemIndex });
}

const describeValue = (value: unknown): string =>
	value === null ? 'null' : Array.isArray(value) ? 'an array' : typeof value;

/**
 * The page's `data` and `pagination.total`, or an error when the answer is not a VBR list at all
 * (a 204 or empty body, `data` missing, null or not an array, an element that is not an object):
 * an unusable answer is never taken for an empty list.
 */
function readPage<T extends IDataObject>(
	client: VeeamClient,
	path: string,
	result: unknown,
	strict: boolean,
	itemIndex: number | undefined,
): { data: T[]; total: number | undefined } {
	const body = result as ListResult<T> | undefined;
	if (body === null || typeof body !== 'object' || !Array.isArray(body.data)) {
		const what =
			body === null || typeof body !== 'object'
				? body === undefined || body === ''
					? 'an empty answer'
					: `${describeValue(body)} instead of a list`
				: `a list whose data is ${describeValue(body.data)}`;
		throw listError(
			client,
			path,
			`VBR answered ${path} with ${what}`,
			'Expected { data: [...], pagination: {...} }. Nothing was taken from this answer; check VBR or a proxy in front of it.',
			itemIndex,
		);
	}
	const data = body.data;
	for (let i = 0; i < data.length; i++) {
		const element: unknown = data[i];
		const object = element !== null && typeof element === 'object' && !Array.isArray(element);
		const id = object ? (element as IDataObject).id : undefined;
		if (!object || (strict && (typeof id !== 'string' || id === ''))) {
			throw listError(
				client,
				path,
				`VBR answered ${path} with ${object ? 'an element without an ID' : `a ${describeValue(element)} element`} in its list`,
				`Element ${i + 1} of the page is unusable, so the page was not taken.`,
				itemIndex,
			);
		}
	}
	const reported = body.pagination?.total;
	const total = typeof reported === 'number' ? reported : undefined;
	if (total !== undefined && !(Number.isInteger(total) && total >= 0 && total <= MAX_LIST_ITEMS)) {
		throw listError(
			client,
			path,
			`VBR reported an implausible total of ${total} objects for ${path}`,
			`More than ${MAX_LIST_ITEMS.toLocaleString('en-US')} objects (or not a count at all) is not a real VBR list. Stopped before reading it.`,
			itemIndex,
		);
	}
	return { data, total };
}

/**
 * Once a full page has told the total, the pages still needed are known and read this many at a
 * time (the one awaited included): a 10,000-repository list costs about a quarter of its round
 * trips in waiting, and VBR sees at most this many requests of one list at once.
 */
export const PAGES_IN_FLIGHT = 4;

/**
 * The requests of one list, by `skip`. Pages ahead are asked for only after a full page with a
 * total; a page that is later not needed (an earlier one came back short) is left unread.
 */
class PageRequests {
	private readonly pending = new Map<number, { limit: number; answer: Promise<unknown> }>();

	constructor(private readonly send: (skip: number, limit: number) => Promise<unknown>) {}

	/** The answer of the page at `skip`: the one asked for ahead if its limit matches, else a new request. */
	async take(skip: number, limit: number): Promise<unknown> {
		const ahead = this.pending.get(skip);
		this.pending.delete(skip);
		return await (ahead?.limit === limit ? ahead.answer : this.send(skip, limit));
	}

	/**
	 * Asks for the pages from `skip` on, `pageSize` apart, below `total`, so that `PAGES_IN_FLIGHT`
	 * are out; each with the limit the walk itself would ask (`wanted` caps the last one).
	 */
	readAhead(skip: number, pageSize: number, total: number, wanted: number): void {
		const end = Math.min(total, wanted);
		for (let page = 0; page < PAGES_IN_FLIGHT && skip + page * pageSize < end; page++) {
			const at = skip + page * pageSize;
			if (this.pending.has(at)) continue;
			const limit = Math.min(pageSize, wanted - at);
			const answer = this.send(at, limit);
			// Its failure is raised when the page is taken; a page never taken fails nothing.
			answer.catch(() => undefined);
			this.pending.set(at, { limit, answer });
		}
	}
}

/**
 * Walks a VBR list with skip/limit until `pagination.total` is reached. Each page must bring new
 * items (a server that ignores `skip` and repeats a page is refused), a page may hold fewer items
 * than asked (a server-side page cap), and an empty page ends the walk: a list is neither silently
 * truncated nor read forever. Memory is bounded by MAX_LIST_ITEMS. After a full first page with a
 * total, the next pages are read ahead (PAGES_IN_FLIGHT); they are taken in order, with the same
 * checks, so the result is the one a page-by-page walk gives.
 */
export async function fetchPages<T extends IDataObject>(
	client: VeeamClient,
	path: string,
	qs: IDataObject,
	options: PageOptions = {},
): Promise<T[]> {
	// When the walk ends, by its last page or by a failure, the pages still read ahead stop: none is
	// retried or sent again after a 401 for a list nobody reads any more.
	const walk = new AbortController();
	const requests = new PageRequests(
		async (skip, limit) =>
			await client.request<unknown>(
				{ method: 'GET', path, qs: { ...qs, skip, limit }, signal: walk.signal },
				options.itemIndex,
			),
	);
	try {
		return await walkPages(client, path, options, requests);
	} finally {
		walk.abort();
	}
}

/** The page-by-page walk of fetchPages, taking pages from `requests` (read ahead where it can). */
async function walkPages<T extends IDataObject>(
	client: VeeamClient,
	path: string,
	options: PageOptions,
	requests: PageRequests,
): Promise<T[]> {
	const pageSize = Math.max(1, Math.floor(options.pageSize ?? DEFAULT_PAGE_SIZE));
	const wanted = options.limit === undefined ? Infinity : Math.max(0, options.limit);
	const strict = options.strict === true;
	const items: T[] = [];
	let previousFirstId: unknown;
	let firstTotal: number | undefined;
	const fail = (message: string, description: string) =>
		listError(client, path, message, description, options.itemIndex);

	for (let page = 0; items.length < wanted; page++) {
		const limit = Math.min(pageSize, wanted - items.length);
		const result = await requests.take(items.length, limit);
		options.onPage?.();
		const { data, total } = readPage<T>(client, path, result, strict, options.itemIndex);
		if (page > 0 && data.length > 0 && data[0].id !== undefined && data[0].id === previousFirstId) {
			throw fail(
				`VBR returned the same page twice for ${path}`,
				`Page ${page + 1} started with the same item as page ${page}; the server seems to ignore the skip parameter. Stopped to avoid an endless loop.`,
			);
		}
		if (strict && page > 0 && total !== firstTotal) {
			throw fail(
				`The list ${path} changed while it was read`,
				`Page 1 reported ${firstTotal} objects, page ${page + 1} reports ${total}. Nothing was taken from this read; the next one starts over.`,
			);
		}
		if (page === 0) firstTotal = total;
		previousFirstId = data[0]?.id;
		items.push(...data.slice(0, wanted - items.length));
		if (strict && total !== undefined && items.length > total && items.length < wanted) {
			throw fail(
				`VBR sent more objects than the total it reported for ${path}`,
				`Read ${items.length} objects of a reported total of ${total}. Nothing was taken from this read.`,
			);
		}
		if (items.length > MAX_LIST_ITEMS) {
			throw fail(
				`VBR kept sending objects for ${path}`,
				`Stopped after ${items.length.toLocaleString('en-US')} objects (more than ${MAX_LIST_ITEMS.toLocaleString('en-US')}).`,
			);
		}
		if (data.length === 0) {
			if (strict && total !== undefined && items.length < total && items.length < wanted) {
				throw fail(
					`The list ${path} ended early`,
					`VBR reported ${total} objects but sent an empty page after ${items.length}. Nothing was taken from this read; the next one starts over.`,
				);
			}
			break;
		}
		if (total !== undefined && items.length >= total) break;
		if (total === undefined && data.length < limit) break;
		// A full page with a total: the pages still needed start at fixed offsets.
		if (total !== undefined && data.length === limit) {
			requests.readAhead(items.length, pageSize, total, wanted);
		}
		if (total === undefined && page + 1 >= MAX_PAGES_WITHOUT_TOTAL) {
			throw fail(
				`VBR kept sending pages for ${path} without a total`,
				`Stopped after ${MAX_PAGES_WITHOUT_TOTAL} pages of ${pageSize} items.`,
			);
		}
	}
	return items;
}
