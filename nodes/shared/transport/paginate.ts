import type { IDataObject, JsonObject } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import type { ListResult } from '../types';
import type { VeeamClient } from './client';

export const DEFAULT_PAGE_SIZE = 200;

export interface PageOptions {
	/** Stop after this many items; undefined reads everything. */
	limit?: number;
	pageSize?: number;
	itemIndex?: number;
}

/** Without a total, a server that always fills its pages is stopped here. */
const MAX_PAGES_WITHOUT_TOTAL = 10000;

/**
 * Walks a VBR list with skip/limit until `pagination.total` is reached. Each page must bring new
 * items (a server that ignores `skip` and repeats a page is refused), a page may hold fewer items
 * than asked (a server-side page cap), and an empty page ends the walk: a list is neither silently
 * truncated nor read forever.
 */
export async function fetchPages<T extends IDataObject>(
	client: VeeamClient,
	path: string,
	qs: IDataObject,
	options: PageOptions = {},
): Promise<T[]> {
	const pageSize = Math.max(1, Math.floor(options.pageSize ?? DEFAULT_PAGE_SIZE));
	const wanted = options.limit === undefined ? Infinity : Math.max(0, options.limit);
	const items: T[] = [];
	let previousFirstId: unknown;

	for (let page = 0; items.length < wanted; page++) {
		const limit = Math.min(pageSize, wanted - items.length);
		const result = await client.request<ListResult<T>>(
			{ method: 'GET', path, qs: { ...qs, skip: items.length, limit } },
			options.itemIndex,
		);
		const data = Array.isArray(result?.data) ? result.data : [];
		const total =
			typeof result?.pagination?.total === 'number' ? result.pagination.total : undefined;
		if (page > 0 && data.length > 0 && data[0].id !== undefined && data[0].id === previousFirstId) {
			throw new NodeApiError(client.node, { path } as JsonObject, {
				message: `VBR returned the same page twice for ${path}`,
				description: `Page ${page + 1} started with the same item as page ${page}; the server seems to ignore the skip parameter. Stopped to avoid an endless loop.`,
				itemIndex: options.itemIndex,
			});
		}
		previousFirstId = data[0]?.id;
		items.push(...data.slice(0, wanted - items.length));
		if (data.length === 0 || (total !== undefined && items.length >= total)) break;
		if (total === undefined && data.length < limit) break;
		if (total === undefined && page + 1 >= MAX_PAGES_WITHOUT_TOTAL) {
			throw new NodeApiError(client.node, { path } as JsonObject, {
				message: `VBR kept sending pages for ${path} without a total`,
				description: `Stopped after ${MAX_PAGES_WITHOUT_TOTAL} pages of ${pageSize} items.`,
				itemIndex: options.itemIndex,
			});
		}
	}
	return items;
}
