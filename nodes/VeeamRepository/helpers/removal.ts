import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { VeeamClient } from '../../shared/transport/client';
import { runMutation } from './mutation';
import { asNodeError } from './recovery';
import { immediateMutationOptions, readMutationSettings } from './mutationSettings';
import type { LocatorValue } from './parameters';
import { readStrictBoolean } from './parameters';
import { isVeeamNotFound } from './rerun';

/** Remove with backups needs two switches on; the second one exists only to be turned on knowingly. */
export function removalProperties(what: string): INodeProperties[] {
	return [
		{
			displayName: 'Delete Backups',
			name: 'deleteBackups',
			type: 'boolean',
			default: false,
			description: `Whether to also delete the backup files stored in the ${what}. Off: VBR removes it from its configuration and keeps the files.`,
		},
		{
			displayName: 'I Understand the Backups Are Deleted Permanently',
			name: 'confirmDeleteBackups',
			type: 'boolean',
			default: false,
			description: `Whether you confirm that all backup files in this ${what} are deleted and cannot be restored`,
			displayOptions: { show: { deleteBackups: [true] } },
		},
		immediateMutationOptions,
	];
}

/** Reads the removal switches; refuses, before anything is sent, to delete backups unconfirmed. */
export function readRemoval(ctx: IExecuteFunctions, itemIndex: number): { deleteBackups: boolean } {
	const deleteBackups = readStrictBoolean(ctx, 'deleteBackups', 'Delete Backups', itemIndex);
	if (!deleteBackups) return { deleteBackups };
	// Used as an AI agent tool, parameters the agent may fill are $fromAI() expressions. The agent may
	// ask to delete backups, but only a person who configured the node can confirm it.
	const rawConfirmation = ctx.getNode().parameters.confirmDeleteBackups;
	if (typeof rawConfirmation === 'string' && /\$?fromAI\s*\(/i.test(rawConfirmation)) {
		throw new NodeOperationError(
			ctx.getNode(),
			'Deleting backups cannot be confirmed by an AI agent',
			{
				description:
					'Set "I Understand the Backups Are Deleted Permanently" in the node itself (not with $fromAI), or keep "Delete Backups" off. Nothing was sent to VBR.',
				itemIndex,
			},
		);
	}
	if (
		!readStrictBoolean(
			ctx,
			'confirmDeleteBackups',
			'I Understand the Backups Are Deleted Permanently',
			itemIndex,
		)
	) {
		throw new NodeOperationError(ctx.getNode(), 'Deleting backups needs an explicit confirmation', {
			description:
				'Turn on "I Understand the Backups Are Deleted Permanently", or turn off "Delete Backups" to keep the backup files. Nothing was sent to VBR.',
			itemIndex,
		});
	}
	return { deleteBackups };
}

/**
 * The object a Remove names, read before anything is sent. Undefined when a Remove by ID finds it
 * gone (VBR's NotFound): a re-run after the removal happened. A name that matches nothing stays an
 * error: it may as well be a typo, and a re-run of a removal by name has nothing to go on.
 */
export async function readRemovalTarget<T>(
	client: VeeamClient,
	itemIndex: number,
	locator: LocatorValue,
	read: () => Promise<T>,
): Promise<T | undefined> {
	try {
		return await read();
	} catch (error) {
		if (locator.mode === 'id' && isVeeamNotFound(error)) return undefined;
		throw asNodeError(client, error, itemIndex);
	}
}

/**
 * Sends the DELETE for an object read beforehand (so the output names what was removed). An
 * object already gone (`target` undefined) is reported removed, and nothing is sent.
 */
export async function runRemoval(
	ctx: IExecuteFunctions,
	client: VeeamClient,
	itemIndex: number,
	removal: {
		operation: string;
		id: string;
		path: string;
		deleteBackups: boolean;
		target: IDataObject | undefined;
	},
): Promise<IDataObject> {
	const settings = readMutationSettings(ctx, itemIndex);
	const { id, target } = removal;
	return await runMutation(ctx, client, itemIndex, settings, {
		operation: removal.operation,
		recovery: { removedPath: removal.path },
		request: { method: 'DELETE', path: removal.path, qs: { deleteBackups: removal.deleteBackups } },
		targets: [{ id, name: target ? String(target.name) : null }],
		// Whether the earlier run deleted the backups too is not known any more.
		alreadyDone: async () =>
			target ? undefined : { id, removed: true, alreadyRemoved: true, backupsDeleted: null },
		readResult: async () => ({
			id: target?.id,
			name: target?.name,
			...(target?.type !== undefined ? { type: target.type } : {}),
			removed: true,
			backupsDeleted: removal.deleteBackups,
		}),
	});
}
