import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { summarizeExtents } from '../../shared/scaleOutModel';
import type { VeeamClient } from '../../shared/transport/client';
import type { ExtentModeAction } from '../../shared/transport/paths';
import { extentModePath, scaleOutRepositoryPath } from '../../shared/transport/paths';
import { scaleOutRepositoryLocator } from '../descriptions/scaleOutRepositoryLocator.description';
import { scaleOutOutput } from './extentImmutability';
import { runMutation } from './mutation';
import { mutationOptions, readMutationSettings } from './mutationSettings';
import { waitForCompletion } from './waitForCompletion';
import type { StateCheck } from './recovery';
import { readLocator } from './parameters';
import { readReferenceList, resolveExtents } from './references';
import { readScaleOutRepository } from './resolve';

/** The parameters of the four sealed / maintenance mode operations. */
export const extentModeProperties: INodeProperties[] = [
	scaleOutRepositoryLocator,
	{
		displayName: 'Extent Names or IDs',
		name: 'extentIds',
		type: 'multiOptions',
		typeOptions: {
			loadOptionsMethod: 'getScaleOutExtents',
			loadOptionsDependsOn: ['scaleOutRepositoryId.value'],
		},
		default: [],
		required: true,
		description:
			'Choose from the list, or specify IDs using an <a href="https://docs.n8n.io/code/expressions/">expression</a>',
		hint: 'An expression may also give extent names, as an array or a comma-separated list',
	},
	waitForCompletion,
	mutationOptions,
];

/** A probe for a mode change: the extents' statuses are still what they were before it was sent. */
function extentsUnchanged(
	client: VeeamClient,
	before: IDataObject,
	extents: Array<{ id: string; name: string }>,
	itemIndex: number,
): () => Promise<StateCheck> {
	const statusOf = (model: IDataObject, id: string) =>
		summarizeExtents(model)
			.find((extent) => extent.id.toLowerCase() === id)
			?.status.join('+') ?? 'absent';
	return async () => {
		const now = await client.request<IDataObject>(
			{ method: 'GET', path: scaleOutRepositoryPath(String(before.id)) },
			itemIndex,
		);
		const changed = extents.filter(
			(extent) => statusOf(now, extent.id) !== statusOf(before, extent.id),
		);
		if (changed.length === 0) return { unchanged: true };
		return {
			unchanged: false,
			observed: changed
				.map((extent) => `extent "${extent.name}" is now ${statusOf(now, extent.id) || 'Normal'}`)
				.join(', '),
		};
	};
}

/**
 * The extents a mode change still has to switch. A re-run finds some or all of them switched by
 * the earlier run; VBR would start a second session for those, so they are left out.
 */
function extentsToSwitch(
	scaleOutRepository: IDataObject,
	extents: Array<{ id: string; name: string }>,
	action: ExtentModeAction,
): Array<{ id: string; name: string }> {
	const on = action.startsWith('enable');
	const sealed = action.endsWith('SealedMode');
	const summaries = summarizeExtents(scaleOutRepository);
	return extents.filter((extent) => {
		const summary = summaries.find((candidate) => candidate.id.toLowerCase() === extent.id);
		return !summary || (sealed ? summary.isSealed : summary.isInMaintenance) !== on;
	});
}

/**
 * Puts extents in or out of sealed or maintenance mode. The extents are checked against the
 * scale-out repository before the change is sent; the output is the scale-out repository after the
 * change, with each extent's status.
 */
export async function runExtentMode(
	ctx: IExecuteFunctions,
	client: VeeamClient,
	itemIndex: number,
	action: ExtentModeAction,
): Promise<IDataObject> {
	const settings = readMutationSettings(ctx, itemIndex);
	const locator = readLocator(ctx, 'scaleOutRepositoryId', 'scale-out repository', itemIndex);
	const references = readReferenceList(ctx, 'extentIds', 'Extents', itemIndex);
	const scaleOutRepository = await readScaleOutRepository(ctx, client, locator, itemIndex);
	const chosen = resolveExtents(ctx, scaleOutRepository, references, itemIndex);
	const pending = extentsToSwitch(scaleOutRepository, chosen, action);
	// All in that mode already: nothing is sent, and the output says so.
	const extents = pending.length > 0 ? pending : chosen;
	const id = String(scaleOutRepository.id);
	return await runMutation(ctx, client, itemIndex, settings, {
		operation: `scaleOutRepository.${action}`,
		recovery: {
			sessionType: 'RepositoryMaintenance',
			resourceId: id,
			probe: extentsUnchanged(client, scaleOutRepository, extents, itemIndex),
			check: `(Backup Infrastructure > Scale-out Repositories > "${String(scaleOutRepository.name)}" > Extents) the status of ${extents.map((extent) => `"${extent.name}"`).join(', ')}`,
		},
		request: {
			method: 'POST',
			path: extentModePath(id, action),
			body: { repositoryIds: extents.map((extent) => extent.id) },
		},
		targets: extents,
		scope: { id, name: String(scaleOutRepository.name) },
		alreadyDone: async () =>
			pending.length > 0
				? undefined
				: {
						...(await scaleOutOutput(client, scaleOutRepository, itemIndex)),
						alreadyInMode: true,
					},
		// The extents' repositories are read after the change, with the result.
		readResult: async () =>
			await scaleOutOutput(
				client,
				await client.request<IDataObject>(
					{ method: 'GET', path: scaleOutRepositoryPath(id) },
					itemIndex,
				),
				itemIndex,
			),
	});
}
