import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import type { VeeamClient } from '../../../shared/transport/client';
import { repositoryAccessPermissionsPath } from '../../../shared/transport/paths';
import { repositoryLocator } from '../../descriptions/repositoryLocator.description';
import type { AccessPermissions } from '../../helpers/accessPermissions';
import {
	ACCOUNT_TYPES,
	applyAccessChange,
	assertAccessPermissionsSupported,
	describeAccessChanges,
	readAccessChange,
	readTargetRepository,
} from '../../helpers/accessPermissions';
import { runMutation } from '../../helpers/mutation';
import { immediateMutationOptions, readMutationSettings } from '../../helpers/mutationSettings';

const explicitOnly = { show: { accessPolicy: ['AllowExplicit'] } };

const properties: INodeProperties[] = [
	{ ...repositoryLocator, hint: 'Needs API 1.3-rev2 (VBR 13.1) in the credential' },
	{
		displayName: 'Access Policy',
		name: 'accessPolicy',
		type: 'options',
		options: [
			{
				name: 'Allow All',
				value: 'AllowAll',
				description: 'Every account may use the repository as a backup target',
			},
			{
				name: 'Allow Explicit',
				value: 'AllowExplicit',
				description: 'Only the accounts listed may use the repository',
			},
			{ name: 'Deny All', value: 'DenyAll', description: 'No account may use the repository' },
		],
		default: 'AllowExplicit',
	},
	{
		displayName: 'Accounts Change',
		name: 'accountsMode',
		type: 'options',
		options: [
			{
				name: 'Replace the List',
				value: 'replace',
				description: 'The accounts below become the whole list',
			},
			{
				name: 'Add to the List',
				value: 'add',
				description: 'The accounts below are added to the accounts that already have access',
			},
			{
				name: 'Remove From the List',
				value: 'remove',
				description: 'The accounts below lose access; the others keep it',
			},
		],
		default: 'replace',
		displayOptions: explicitOnly,
	},
	{
		displayName: 'Accounts',
		name: 'accounts',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true },
		placeholder: 'Add Account',
		default: {},
		displayOptions: explicitOnly,
		options: [
			{
				displayName: 'Account',
				name: 'account',
				values: [
					{
						displayName: 'Name',
						name: 'name',
						type: 'string',
						default: '',
						placeholder: 'e.g. LAB\\Backup Operators',
						description: 'Account or group name as VBR shows it',
					},
					{
						displayName: 'Type',
						name: 'type',
						type: 'options',
						options: ACCOUNT_TYPES.map((value) => ({
							name: value.replace(/([a-z])([A-Z])/g, '$1 $2'),
							value,
						})),
						default: 'ExternalUser',
					},
				],
			},
		],
	},
	{
		displayName: 'Encryption',
		name: 'encryption',
		type: 'options',
		options: [
			{
				name: 'Keep Current',
				value: 'keep',
				description: 'Leave the encryption settings of the repository as they are',
			},
			{ name: 'Off', value: 'off', description: 'Backups stored here are not encrypted' },
			{
				name: 'By Password',
				value: 'password',
				description: 'Encrypt with a password stored in VBR',
			},
			{ name: 'By KMS', value: 'kms', description: 'Encrypt with keys from a KMS server' },
		],
		default: 'keep',
	},
	{
		displayName: 'Encryption Password ID',
		name: 'encryptionKeyId',
		type: 'string',
		default: '',
		// Not `required`: with Encryption as an expression n8n would demand both IDs; the node checks the one used.
		description:
			'UUID of the encryption password in VBR (Credentials & Passwords); required for By Password',
		displayOptions: { show: { encryption: ['password'] } },
	},
	{
		displayName: 'KMS Server ID',
		name: 'kmsServerId',
		type: 'string',
		default: '',
		description: 'UUID of the KMS server in VBR; required for By KMS',
		displayOptions: { show: { encryption: ['kms'] } },
	},
	immediateMutationOptions,
];

export const description = updateDisplayOptions(
	{ show: { resource: ['repository'], operation: ['setAccessPermissions'] } },
	properties,
);

/**
 * A read-modify-write: the current permissions are read, only what the form sets changes, and
 * the whole model is sent with PUT (idempotent, so a lost answer may be sent again). Nothing is
 * sent when nothing would change; the output says what changed.
 */
export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	client: VeeamClient,
): Promise<IDataObject> {
	assertAccessPermissionsSupported(this, client.apiVersion, itemIndex);
	const settings = readMutationSettings(this, itemIndex);
	const change = readAccessChange(this, itemIndex);
	const repository = await readTargetRepository(this, client, itemIndex);
	const path = repositoryAccessPermissionsPath(repository.id);
	const read = async () =>
		await client.request<AccessPermissions>({ method: 'GET', path }, itemIndex);
	const current = await read();
	const { next, missing } = applyAccessChange(current, change);
	if (next.accessPolicy === 'AllowExplicit' && next.accounts.length === 0) {
		throw new NodeOperationError(
			this.getNode(),
			'This change would leave Allow Explicit with no account',
			{
				description:
					'Removing these accounts would lock every account out. Choose Deny All to do that on purpose. Nothing was changed.',
				itemIndex,
			},
		);
	}
	const changes = describeAccessChanges(current, next);
	const summary: IDataObject = {
		repositoryId: repository.id,
		repositoryName: repository.name,
		changed: changes.length > 0,
		changes,
		previous: current,
		...(missing.length ? { accountsNotFound: missing } : {}),
	};
	if (changes.length === 0 && !settings.dryRun) return { ...summary, ...current };
	const result = await runMutation(this, client, itemIndex, settings, {
		operation: 'repository.setAccessPermissions',
		request: { method: 'PUT', path, body: next },
		targets: [{ id: repository.id, name: repository.name }],
		recovery: {
			check: `(Backup Infrastructure > Backup Repositories > ${repository.name} > Access Permissions) whether ${changes.join('; ') || 'the change'} was applied`,
		},
		readResult: read,
	});
	return { ...summary, ...result };
}
