import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import { withImmutability } from '../../../shared/immutability';
import type { VeeamClient } from '../../../shared/transport/client';
import { repositoryPath } from '../../../shared/transport/paths';
import { governanceModeDaysField } from '../../descriptions/repositoryForm.description';
import { repositoryLocator } from '../../descriptions/repositoryLocator.description';
import { readMutationSettings } from '../../helpers/mutationSettings';
import {
	editProperties,
	mergePatch,
	noFieldToChange,
	readEditChange,
	readUpdateFields,
	refuseFixedChanges,
	runEdit,
	settlePatch,
} from '../../helpers/edit';
import type { PatchRules } from '../../helpers/edit';
import { readLocator } from '../../helpers/parameters';
import { refuseGovernanceFields } from '../../helpers/repositoryForm';
import { hasGovernanceMode } from '../../helpers/repositorySpec';
import type { ApiVersion } from '../../../shared/types';
import type { RepositoryUpdate } from '../../helpers/repositoryUpdate';
import { applyRepositoryUpdate } from '../../helpers/repositoryUpdate';
import { resolveRepositoryId } from '../../helpers/resolve';

const updateFields: INodeProperties[] = [
	{
		displayName: 'Description',
		name: 'description',
		type: 'string',
		default: '',
	},
	governanceModeDaysField,
	{
		displayName: 'Immutability (Days)',
		name: 'immutabilityDays',
		type: 'number',
		typeOptions: { minValue: 0 },
		default: 7,
		description:
			'Hardened repositories: 7 or more. Object storage: 0 turns immutability off. Amazon S3 Glacier and Azure Archive: any value above 0 turns immutability on (their period follows the backup retention).',
	},
	{
		displayName: 'Max Concurrent Tasks',
		name: 'maxTaskCount',
		type: 'number',
		typeOptions: { minValue: 0 },
		default: 4,
		description: 'Limit of concurrent tasks; 0 removes the limit',
	},
	{ displayName: 'Name', name: 'name', type: 'string', default: '' },
	{
		displayName: 'Path',
		name: 'path',
		type: 'string',
		default: '',
		description: 'Folder on the host (Windows and Linux repositories)',
	},
	{
		displayName: 'Per-Machine Backup Files',
		name: 'perVmBackup',
		type: 'boolean',
		default: true,
		description:
			'Whether to create a separate backup file for each machine; once on, VBR does not allow turning it off',
	},
	{
		displayName: 'Read/Write Limit (MB/s)',
		name: 'readWriteRate',
		type: 'number',
		typeOptions: { minValue: 0 },
		default: 0,
		description: 'Limit of the combined read and write speed; 0 removes the limit',
	},
	{
		displayName: 'Use Fast Cloning on XFS',
		name: 'useFastCloningOnXFSVolumes',
		type: 'boolean',
		default: true,
		description: 'Whether to use XFS fast cloning (Linux repositories)',
	},
];

const properties = editProperties({
	locator: repositoryLocator,
	model: 'repository',
	updateFields,
	fixed:
		'ID and type cannot change (unchanged ones, and the fields this node adds to its outputs, are ignored)',
});

export const description = updateDisplayOptions(
	{ show: { resource: ['repository'], operation: ['update'] } },
	properties,
);

const FIXED: PatchRules = {
	fixedFields: ['id', 'type'],
	description: 'VBR cannot change the ID or type of a repository; add a new one instead.',
};

function readUpdate(
	ctx: IExecuteFunctions,
	itemIndex: number,
	apiVersion: ApiVersion,
): RepositoryUpdate {
	const fields = ctx.getNodeParameter('updateFields', itemIndex, {}) as IDataObject;
	const update = readUpdateFields(ctx, itemIndex, fields, {
		text: ['name', 'description', 'path'],
		emptyAllowed: ['description'],
		wholeNumbers: ['maxTaskCount', 'readWriteRate', 'immutabilityDays', 'governanceModeDays'],
		switches: ['useFastCloningOnXFSVolumes', 'perVmBackup'],
	});
	if (Object.keys(update).length === 0) throw noFieldToChange(ctx, itemIndex);
	if (update.governanceModeDays !== undefined && !hasGovernanceMode(apiVersion)) {
		throw new NodeOperationError(
			ctx.getNode(),
			`Governance mode needs API 1.3-rev2 (VBR 13.1); the credential uses ${apiVersion}`,
			{ description: 'Nothing was sent to VBR.', itemIndex },
		);
	}
	return update as RepositoryUpdate;
}

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	client: VeeamClient,
): Promise<IDataObject> {
	const settings = readMutationSettings(this, itemIndex);
	const locator = readLocator(this, 'repositoryId', 'repository', itemIndex);
	const change = readEditChange(this, itemIndex, () =>
		readUpdate(this, itemIndex, client.apiVersion),
	);
	if ('patch' in change) refuseGovernanceFields(this, change.patch, client.apiVersion, itemIndex);
	// A patch for another ID is refused before any request when the locator gives the ID.
	if ('patch' in change && locator.mode === 'id') {
		refuseFixedChanges(this, itemIndex, change.patch, { id: locator.value }, FIXED);
	}

	const id = await resolveRepositoryId(this, client, locator, itemIndex);
	const path = repositoryPath(id);
	const current = await client.request<IDataObject>({ method: 'GET', path }, itemIndex);
	const settled =
		'patch' in change
			? {
					patch: settlePatch(this, itemIndex, change.patch, current, FIXED),
				}
			: change;
	return await runEdit(this, client, itemIndex, settings, {
		operation: 'repository.update',
		what: 'repository',
		id,
		path,
		current,
		build: () =>
			'patch' in settled
				? mergePatch(current, settled.patch)
				: applyRepositoryUpdate(current, settled.form, client.apiVersion),
		readResult: async () =>
			withImmutability(
				await client.request<IDataObject>({ method: 'GET', path }, itemIndex),
				client.apiVersion,
			),
	});
}
