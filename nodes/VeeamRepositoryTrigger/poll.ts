/**
 * One poll: read the states (and, only when extent events are selected, the scale-out
 * repositories; only when immutability or settings events are selected, the repository models),
 * detect, store the next snapshot, emit.
 *
 * Never lost, never repeated:
 * - Everything is read before anything is decided. A failed read (network, TLS, 5xx, auth, the
 *   poll budget) throws the transport's NodeApiError before the static data is touched, so n8n
 *   records a failed poll and the next successful poll compares against the same snapshot and
 *   reports the change exactly once.
 * - The snapshot is replaced by a single assignment after detection, in the same synchronous step
 *   that returns the events. What n8n stores is therefore always "the state these events were
 *   computed from": an event is in an execution exactly when the snapshot that follows it is.
 * - Persistence. With n8n's durable poll cursors (N8N_POLLER_DURABLE_CURSORS_ENABLED) the static
 *   data is committed with every poll, atomically with the execution it starts. In the default
 *   (legacy) mode n8n saves static data when a poll emits (with that execution) and after every
 *   activation, including the activation poll at n8n start-up; a poll that returns null changes
 *   the in-memory copy only. A restart therefore resumes from the snapshot of the last emitting
 *   (or activation) poll. Every transition that fires an event was saved with it, so nothing is
 *   announced twice; what a restart can roll back are silent changes only: Sustained For streaks
 *   and forecast samples (they restart, which delays an event, never repeats it), and transitions
 *   whose own event is not selected (e.g. a repository becoming up to date again). The only way to
 *   lose an event is a condition that clears silently and comes back while n8n is down; selecting
 *   both directions of a condition (the default for space and online state) or running with
 *   durable cursors closes that gap.
 * - Validated before believed. The states are read strictly (see PageOptions.strict): an answer
 *   that is not one consistent list fails the poll before anything is stored. Static data that
 *   cannot be read rebuilds the baseline for the repositories concerned, silently for them, with
 *   a warning in n8n's log (readSnapshot). Most repositories vanishing at once waits one poll
 *   (detect).
 * - Manual runs (Fetch Test Event) read the same data but never read or write the static data.
 */
import type { IDataObject, INodeExecutionData, IPollFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { ScaleOutRepositoryExtents } from '../shared/extentStatus';
import { extentStatesById } from '../shared/extentStatus';
import { createVeeamClient } from '../shared/transport/client';
import { fetchPages } from '../shared/transport/paginate';
import {
	REPOSITORIES_PATH,
	REPOSITORY_STATES_PATH,
	SCALE_OUT_REPOSITORIES_PATH,
} from '../shared/transport/paths';
import type { RepositoryStateModel } from '../shared/types';
import type { Observation } from './detect';
import { detect } from './detect';
import { buildItem } from './items';
import { readSettings } from './settings';
import { encodeSnapshot, readSnapshot } from './snapshot';
import { representativeEvent } from './testEvent';

/** Repository models by lower-case ID, as detection looks them up. */
function modelsById(models: IDataObject[]): Map<string, IDataObject> {
	const byId = new Map<string, IDataObject>();
	for (const model of models) {
		if (typeof model.id === 'string') byId.set(model.id.toLowerCase(), model);
	}
	return byId;
}

/** Share of n8n's poll budget the reads may use; the rest is left for detection and the emit. */
const BUDGET_SHARE = 0.8;

export async function pollRepositories(
	this: IPollFunctions,
): Promise<INodeExecutionData[][] | null> {
	const started = Date.now();
	const settings = readSettings(this);
	const budget = this.getPollBudgetMs?.();
	const deadline =
		typeof budget === 'number' && budget > 0 ? started + budget * BUDGET_SHARE : Infinity;
	// The transport keeps every request, retry and login within the deadline: a read still running
	// at the deadline fails, and no retry starts that would end after it.
	const client = await createVeeamClient(this, Number.isFinite(deadline) ? { deadline } : {});

	// Strict: the trigger compares the list with its snapshot, so only one consistent list will do
	// (see PageOptions.strict); anything else fails the poll before the static data is touched.
	let statePages = 0;
	const readList = async (path: string, onPage?: () => void) =>
		await fetchPages<IDataObject>(
			client,
			path,
			{},
			{ pageSize: settings.pageSize, strict: true, onPage },
		);
	// The reads do not depend on each other: the others start once the first page of the states is
	// in (so that a login, when one is due, is made once and shared), and all of them settle
	// before the poll goes on (or fails with the first failure in this order).
	const wantsExtents = settings.events.has('extentStatusChanged') || settings.scaleOutAsWhole;
	let firstPageIn: () => void = () => undefined;
	const firstPage = new Promise<void>((resolve) => (firstPageIn = resolve));
	const statesPromise = readList(REPOSITORY_STATES_PATH, () => {
		statePages++;
		firstPageIn();
	});
	// A states read that fails before its first page fails the poll without the other reads.
	const afterFirstPage = async <T>(read: () => Promise<T>) => {
		await Promise.race([firstPage, statesPromise]);
		return await read();
	};
	const [statesRead, extentsRead, repositoriesRead] = await Promise.allSettled([
		statesPromise,
		wantsExtents
			? afterFirstPage(async () => await readList(SCALE_OUT_REPOSITORIES_PATH))
			: undefined,
		settings.readsRepositories
			? afterFirstPage(async () => await readList(REPOSITORIES_PATH))
			: undefined,
	]);
	for (const read of [statesRead, extentsRead, repositoriesRead]) {
		if (read.status === 'rejected') throw read.reason;
	}
	const settledValue = <T>(read: PromiseSettledResult<T>): T =>
		(read as PromiseFulfilledResult<T>).value;
	const states = settledValue(statesRead) as unknown as RepositoryStateModel[];
	const extentLists = settledValue(extentsRead);
	const repositoryLists = settledValue(repositoriesRead);
	const extents = extentLists
		? extentStatesById(extentLists as unknown as ScaleOutRepositoryExtents[])
		: undefined;
	const repositories = repositoryLists ? modelsById(repositoryLists) : undefined;
	const observation: Observation = {
		states,
		extents,
		repositories,
		apiVersion: client.apiVersion,
		singlePage: statePages <= 1,
	};

	const now = Date.now();
	const context = { serverUrl: client.baseUrl, detectedAt: new Date(now).toISOString() };

	if (this.getMode() === 'manual') {
		const found = representativeEvent(observation, settings, now);
		if (found === undefined) {
			throw new NodeOperationError(this.getNode(), 'No repository matches the trigger filters', {
				description: `VBR lists ${states.length} repositories and none passes the Include/Exclude Names and Types options, so there is nothing to show.`,
			});
		}
		return [[buildItem(found.event, { ...context, sample: found.sample })]];
	}

	const staticData = this.getWorkflowStaticData('node');
	const stored = readSnapshot(staticData.snapshot);
	const { events, next } = detect(stored.snapshot, observation, settings, now);
	staticData.snapshot = encodeSnapshot(next);
	if (stored.problem !== undefined) {
		this.logger.warn(
			`Veeam Repository Trigger "${this.getNode().name}": ${stored.problem}. Rebuilt the baseline for the repositories concerned from what VBR reports now; nothing is reported for them in this poll, so a change they went through since the last poll is not reported.`,
		);
	}
	if (events.length === 0) return null;
	return [events.map((event) => buildItem(event, context))];
}
