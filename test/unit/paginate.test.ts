import type { IDataObject } from 'n8n-workflow';
import { sleep } from 'n8n-workflow';

import type { VeeamClient } from '../../nodes/shared/transport/client';
import { PAGES_IN_FLIGHT, fetchPages } from '../../nodes/shared/transport/paginate';
import type { VeeamRequest } from '../../nodes/shared/types';

/** A server that answers list pages from `answer`, recording what was asked. */
function fakeClient(answer: (skip: number, limit: number) => IDataObject): {
	client: VeeamClient;
	asked: IDataObject[];
} {
	const asked: IDataObject[] = [];
	const client = {
		apiVersion: '1.3-rev1',
		baseUrl: 'https://vbr:9419',
		node: { id: 'n', name: 'Veeam', type: 'x', typeVersion: 1, position: [0, 0], parameters: {} },
		async request<T>(request: VeeamRequest): Promise<T> {
			asked.push(request.qs ?? {});
			return answer(Number(request.qs?.skip), Number(request.qs?.limit)) as T;
		},
	} as VeeamClient;
	return { client, asked };
}

const items = (from: number, count: number) =>
	Array.from({ length: count }, (_, i) => ({ id: `id-${from + i}` }));

describe('fetchPages', () => {
	it('reads exactly ceil(total / page size) pages', async () => {
		const { client, asked } = fakeClient((skip, limit) => ({
			data: items(skip, Math.max(0, Math.min(limit, 25 - skip))),
			pagination: { total: 25, count: 0 },
		}));
		const result = await fetchPages(client, '/x', {}, { pageSize: 10 });
		expect(result.map((r) => r.id)).toEqual(items(0, 25).map((r) => r.id));
		expect(asked.map((q) => [q.skip, q.limit])).toEqual([
			[0, 10],
			[10, 10],
			[20, 10],
		]);
	});

	it('makes one request for an empty list', async () => {
		const { client, asked } = fakeClient(() => ({ data: [], pagination: { total: 0, count: 0 } }));
		expect(await fetchPages(client, '/x', {})).toEqual([]);
		expect(asked).toHaveLength(1);
	});

	it('refuses a server that ignores skip instead of looping forever', async () => {
		const { client, asked } = fakeClient(() => ({
			data: items(0, 10),
			pagination: { total: 1000, count: 10 },
		}));
		await expect(fetchPages(client, '/x', {}, { pageSize: 10 })).rejects.toThrow(
			/returned the same page twice/,
		);
		// The first page, then the pages read ahead from its total; the second one is refused.
		expect(asked).toHaveLength(1 + PAGES_IN_FLIGHT);
	});

	it('follows a server that sends fewer items per page than asked (its own page cap)', async () => {
		const { client, asked } = fakeClient((skip) => ({
			data: items(skip, Math.min(4, 30 - skip)),
			pagination: { total: 30, count: 4 },
		}));
		const result = await fetchPages(client, '/x', {}, { pageSize: 10 });
		expect(result.map((r) => r.id)).toEqual(items(0, 30).map((r) => r.id));
		expect(asked.map((q) => q.skip)).toEqual([0, 4, 8, 12, 16, 20, 24, 28]);
	});

	it('gives up on a server that fills every page and never sends a total', async () => {
		const { client, asked } = fakeClient((skip, limit) => ({ data: items(skip, limit) }));
		await expect(fetchPages(client, '/x', {}, { pageSize: 1 })).rejects.toThrow(/without a total/);
		expect(asked).toHaveLength(10000);
	});

	it('stops on a short page when the server sends no total', async () => {
		const { client, asked } = fakeClient((skip) => ({ data: items(skip, skip < 20 ? 10 : 3) }));
		expect(await fetchPages(client, '/x', {}, { pageSize: 10 })).toHaveLength(23);
		expect(asked).toHaveLength(3);
	});

	it('stops at an empty page even if the total promised more', async () => {
		const { client } = fakeClient((skip) => ({
			data: skip < 10 ? items(skip, 10) : [],
			pagination: { total: 50, count: 0 },
		}));
		expect(await fetchPages(client, '/x', {}, { pageSize: 10 })).toHaveLength(10);
	});

	it('asks only for what the limit needs', async () => {
		const { client, asked } = fakeClient((skip, limit) => ({
			data: items(skip, limit),
			pagination: { total: 1000, count: limit },
		}));
		expect(await fetchPages(client, '/x', {}, { pageSize: 10, limit: 15 })).toHaveLength(15);
		expect(asked.map((q) => [q.skip, q.limit])).toEqual([
			[0, 10],
			[10, 5],
		]);
	});
});

describe('fetchPages refuses what is not a usable list', () => {
	it.each([
		['an empty answer', undefined, /empty answer/],
		['data null', { data: null, pagination: { total: 17 } }, /data is null/],
		['a null element', { data: [{ id: 'a' }, null], pagination: { total: 2 } }, /null element/],
		['a total over 1,000,000', { data: [{ id: 'a' }], pagination: { total: 1e12 } }, /implausible/],
	])('%s, even for Get Many', async (_, answer, message) => {
		const { client } = fakeClient(() => answer as unknown as IDataObject);
		await expect(fetchPages(client, '/x', {})).rejects.toThrow(message);
	});

	it('stops a server that keeps sending distinct pages without a total at 1,000,000 objects', async () => {
		const { client, asked } = fakeClient((skip, limit) => ({ data: items(skip, limit) }));
		await expect(fetchPages(client, '/x', {}, { pageSize: 1000 })).rejects.toThrow(
			/kept sending objects/,
		);
		expect(asked).toHaveLength(1001);
	});

	it('strict (the trigger): an element without an ID, a changed total, an early end all fail', async () => {
		const noId = fakeClient(() => ({ data: [{ name: 'x' }], pagination: { total: 1 } }));
		await expect(fetchPages(noId.client, '/x', {}, { strict: true })).rejects.toThrow(
			/without an ID/,
		);
		const early = fakeClient((skip) => ({
			data: skip < 10 ? items(skip, 10) : [],
			pagination: { total: 50 },
		}));
		await expect(
			fetchPages(early.client, '/x', {}, { pageSize: 10, strict: true }),
		).rejects.toThrow(/ended early/);
		const changing = fakeClient((skip) => ({
			data: items(skip, 10),
			pagination: { total: 40 + skip },
		}));
		await expect(
			fetchPages(changing.client, '/x', {}, { pageSize: 10, strict: true }),
		).rejects.toThrow(/changed while it was read/);
		// Not strict (Get Many): the same changing list is read to its end.
		const tolerant = fakeClient((skip) => ({
			data: items(skip, Math.max(0, Math.min(10, 25 - skip))),
			pagination: { total: 25 + (skip ? 1 : 0) },
		}));
		expect(await fetchPages(tolerant.client, '/x', {}, { pageSize: 10 })).toHaveLength(25);
	});

	describe('reading ahead', () => {
		/** A server whose answers come a timer tick later, counting the requests open at once. */
		function slowServer(total: number, pageCap = Infinity, failAt?: number) {
			let open = 0;
			let mostOpen = 0;
			const asked: Array<[number, number]> = [];
			const client = {
				apiVersion: '1.3-rev1',
				baseUrl: 'https://vbr:9419',
				node: { id: 'n', name: 'Veeam', type: 'x', typeVersion: 1, position: [0, 0], parameters: {} },
				async request<T>(request: VeeamRequest): Promise<T> {
					const skip = Number(request.qs?.skip);
					const limit = Number(request.qs?.limit);
					asked.push([skip, limit]);
					mostOpen = Math.max(mostOpen, ++open);
					await sleep(0);
					open--;
					if (skip === failAt) throw new Error(`page at ${skip} failed`);
					const count = Math.max(0, Math.min(limit, pageCap, total - skip));
					return { data: items(skip, count), pagination: { total, count } } as T;
				},
			} as VeeamClient;
			return { client, asked, mostOpen: () => mostOpen };
		}

		it(`keeps ${PAGES_IN_FLIGHT} pages in flight once a full page gave the total, and returns them in order`, async () => {
			const server = slowServer(95);
			const result = await fetchPages(server.client, '/x', {}, { pageSize: 10 });
			expect(result.map((r) => r.id)).toEqual(items(0, 95).map((r) => r.id));
			expect(server.asked).toEqual(Array.from({ length: 10 }, (_, i) => [i * 10, 10]));
			expect(server.mostOpen()).toBe(PAGES_IN_FLIGHT);
		});

		it('asks ahead only for what the limit needs', async () => {
			const server = slowServer(1000);
			const result = await fetchPages(server.client, '/x', {}, { pageSize: 10, limit: 25 });
			expect(result).toHaveLength(25);
			expect(server.asked).toEqual([
				[0, 10],
				[10, 10],
				[20, 5],
			]);
		});

		it('reads nothing ahead from the first page of a server that caps its pages below the page size', async () => {
			const server = slowServer(50, 4);
			const result = await fetchPages(server.client, '/x', {}, { pageSize: 10 });
			expect(result.map((r) => r.id)).toEqual(items(0, 50).map((r) => r.id));
			expect(server.mostOpen()).toBe(1);
		});

		it('a page ahead that is not needed after a short page is left unread, even when it failed', async () => {
			// Page 2 comes back short (an object was removed meanwhile, say): the walk goes on from
			// where it got, as a page-by-page walk would; the page read ahead at 20 is never taken.
			let shortOnce = true;
			const server = slowServer(60, Infinity, 20);
			const request = server.client.request.bind(server.client);
			server.client.request = async <T>(r: VeeamRequest): Promise<T> => {
				const answer = (await request(r)) as { data: IDataObject[] };
				if (Number(r.qs?.skip) === 10 && shortOnce) {
					shortOnce = false;
					return { ...answer, data: answer.data.slice(0, 5) } as T;
				}
				return answer as T;
			};
			const result = await fetchPages(server.client, '/x', {}, { pageSize: 10 });
			expect(result.map((r) => r.id)).toEqual([...items(0, 15), ...items(15, 45)].map((r) => r.id));
			expect(server.asked.filter(([skip]) => skip === 20)).toHaveLength(1);
		});

		it('a page ahead that failed fails the walk when it is taken', async () => {
			const server = slowServer(60, Infinity, 30);
			await expect(fetchPages(server.client, '/x', {}, { pageSize: 10 })).rejects.toThrow('page at 30 failed');
		});

		it('once the walk is over, every request it sent is cancelled, the pages ahead still open included', async () => {
			// The client stops a cancelled request (no retry, no second send after a 401); the walk's
			// part is to cancel what it no longer reads, whether it ended by its last page or failed.
			const walk = async (failAt?: number) => {
				const server = slowServer(100, Infinity, failAt);
				const signals: Array<[number, AbortSignal | undefined]> = [];
				const request = server.client.request.bind(server.client);
				server.client.request = async <T>(r: VeeamRequest): Promise<T> => {
					signals.push([Number(r.qs?.skip), r.signal]);
					return await request<T>(r);
				};
				const outcome = await fetchPages(server.client, '/x', {}, { pageSize: 10 }).catch(
					(error: Error) => error,
				);
				return { outcome, signals };
			};
			const failed = await walk(10);
			expect(failed.outcome).toBeInstanceOf(Error);
			// Page 2 failed while pages 3 to 5 were out: their requests are cancelled too.
			expect(failed.signals.map(([skip]) => skip)).toEqual([0, 10, 20, 30, 40]);
			expect(failed.signals.every(([, signal]) => signal?.aborted === true)).toBe(true);
			const read = await walk();
			expect(read.outcome).toHaveLength(100);
			expect(read.signals.every(([, signal]) => signal?.aborted === true)).toBe(true);
		});

		it('while the walk goes on, the requests it still reads are not cancelled', async () => {
			const server = slowServer(40);
			const request = server.client.request.bind(server.client);
			const abortedWhenSent: boolean[] = [];
			server.client.request = async <T>(r: VeeamRequest): Promise<T> => {
				abortedWhenSent.push(r.signal?.aborted ?? true);
				const answer = await request<T>(r);
				abortedWhenSent.push(r.signal?.aborted ?? true);
				return answer;
			};
			await fetchPages(server.client, '/x', {}, { pageSize: 10 });
			expect(abortedWhenSent).toEqual(new Array(8).fill(false));
		});
	});
});
