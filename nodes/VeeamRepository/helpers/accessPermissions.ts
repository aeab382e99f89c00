import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { isAtLeast } from '../../shared/apiVersion';
import type { VeeamClient } from '../../shared/transport/client';
import { repositoryPath } from '../../shared/transport/paths';
import type { ApiVersion } from '../../shared/types';
import { isUuid } from '../../shared/validation';
import { readLocator } from './parameters';
import { resolveRepositoryId } from './resolve';

/**
 * Repository access permissions (API 1.3-rev2, RepositoryAccessPermissionsModel): who may use a
 * repository as a backup target, and the encryption of what is stored there. The model, the
 * reading of the Set form, and the read-modify-write that keeps what the form does not change.
 */

export const ACCESS_POLICIES = ['DenyAll', 'AllowAll', 'AllowExplicit'] as const;
export type AccessPolicy = (typeof ACCESS_POLICIES)[number];

export const ACCOUNT_TYPES = ['InternalUser', 'InternalGroup', 'ExternalUser', 'ExternalGroup'];

export interface AccessAccount extends IDataObject {
	name: string;
	type: string;
}

export interface AccessPermissions extends IDataObject {
	accessPolicy: string;
	accounts: AccessAccount[];
	encryptionSettings: IDataObject;
}

/** What the Set form asks for; undefined parts keep what VBR has. */
export interface AccessChange {
	accessPolicy: AccessPolicy;
	/** Only for Allow Explicit: replace the list, or add to / remove from the current one. */
	accounts?: { mode: 'replace' | 'add' | 'remove'; list: AccessAccount[] };
	/** undefined: keep the current encryption settings. */
	encryption?: IDataObject;
}

/** Only 1.3-rev2 (VBR 13.1) has the endpoint; older revisions are refused before any request. */
export function assertAccessPermissionsSupported(
	ctx: IExecuteFunctions,
	apiVersion: ApiVersion,
	itemIndex: number,
): void {
	if (isAtLeast(apiVersion, '1.3-rev2')) return;
	throw new NodeOperationError(
		ctx.getNode(),
		`Repository access permissions need API 1.3-rev2 (VBR 13.1); the credential uses ${apiVersion}`,
		{
			description:
				'Choose API 1.3-rev2 in the credential if your server runs VBR 13.1 or later. Nothing was sent to VBR.',
			itemIndex,
		},
	);
}

/** The repository the locator names, read once: its ID and name go into every output. */
export async function readTargetRepository(
	ctx: IExecuteFunctions,
	client: VeeamClient,
	itemIndex: number,
): Promise<{ id: string; name: string }> {
	const locator = readLocator(ctx, 'repositoryId', 'repository', itemIndex);
	const id = await resolveRepositoryId(ctx, client, locator, itemIndex);
	const repository = await client.request<IDataObject>(
		{ method: 'GET', path: repositoryPath(id) },
		itemIndex,
	);
	return { id, name: String(repository.name ?? '') };
}

const accountKey = (account: AccessAccount) => `${account.type}:${account.name.toLowerCase()}`;

function readAccounts(
	ctx: IExecuteFunctions,
	itemIndex: number,
	fail: (message: string, description?: string) => NodeOperationError,
): AccessAccount[] {
	const raw = ctx.getNodeParameter('accounts.account', itemIndex, []) as IDataObject[];
	const byKey = new Map<string, AccessAccount>();
	for (const entry of Array.isArray(raw) ? raw : []) {
		const name = typeof entry.name === 'string' ? entry.name.trim() : '';
		const type = String(entry.type ?? '');
		if (name === '') throw fail('Every account needs a name', 'e.g. LAB\\Backup Operators');
		if (!ACCOUNT_TYPES.includes(type)) {
			throw fail(`"${type}" is not an account type`, `Use one of ${ACCOUNT_TYPES.join(', ')}.`);
		}
		const account = { name, type };
		byKey.set(accountKey(account), account);
	}
	return [...byKey.values()];
}

function readEncryption(
	ctx: IExecuteFunctions,
	itemIndex: number,
	fail: (message: string, description?: string) => NodeOperationError,
): IDataObject | undefined {
	const choice = ctx.getNodeParameter('encryption', itemIndex, 'keep') as string;
	if (choice === 'keep') return undefined;
	if (choice === 'off') return { isEnabled: false };
	if (choice !== 'password' && choice !== 'kms')
		throw fail(`"${choice}" is not an encryption choice`);
	const byPassword = choice === 'password';
	// The parameter avoids "password" in its name: it holds the ID of VBR's password record, no secret.
	const parameter = byPassword ? 'encryptionKeyId' : 'kmsServerId';
	const what = byPassword ? 'Encryption Password' : 'KMS Server';
	const value = String(ctx.getNodeParameter(parameter, itemIndex, '') ?? '').trim();
	if (!isUuid(value)) throw fail(`"${what} ID" must be the UUID of the ${what} in VBR`);
	return byPassword
		? { isEnabled: true, encryptionType: 'ByUserPassword', encryptionPasswordId: value }
		: { isEnabled: true, encryptionType: 'ByKms', kmsServerId: value };
}

/** Whether a parameter is filled in by an AI agent (the node used as a tool): `$fromAI(…)`. */
function fromAgent(ctx: IExecuteFunctions, parameter: string): boolean {
	const raw = ctx.getNode().parameters[parameter];
	return typeof raw === 'string' && /\$?fromAI\s*\(/i.test(raw);
}

/**
 * Opening a repository to every account or switching its encryption off weakens its protection:
 * an agent may ask for it, but only a person configuring the node can set it.
 */
function refuseAgentWidening(
	ctx: IExecuteFunctions,
	change: AccessChange,
	fail: (message: string, description?: string) => NodeOperationError,
): void {
	const widening = [
		change.accessPolicy === 'AllowAll' && fromAgent(ctx, 'accessPolicy') ? 'Allow All' : '',
		change.encryption?.isEnabled === false && fromAgent(ctx, 'encryption') ? 'Encryption Off' : '',
	].filter(Boolean);
	if (widening.length === 0) return;
	throw fail(
		`${widening.join(' and ')} cannot be chosen by an AI agent`,
		'Set it in the node itself (not with $fromAI). Nothing was sent to VBR.',
	);
}

/** Reads and checks the Set form, before any request. */
export function readAccessChange(ctx: IExecuteFunctions, itemIndex: number): AccessChange {
	const fail = (message: string, description?: string) =>
		new NodeOperationError(ctx.getNode(), message, { itemIndex, description });
	const accessPolicy = ctx.getNodeParameter('accessPolicy', itemIndex) as AccessPolicy;
	if (!ACCESS_POLICIES.includes(accessPolicy)) {
		throw fail(
			`"${String(accessPolicy)}" is not an access policy`,
			'Use DenyAll, AllowAll or AllowExplicit.',
		);
	}
	const change: AccessChange = { accessPolicy, encryption: readEncryption(ctx, itemIndex, fail) };
	refuseAgentWidening(ctx, change, fail);
	if (accessPolicy !== 'AllowExplicit') return change;
	const mode = ctx.getNodeParameter('accountsMode', itemIndex, 'replace') as string;
	if (mode !== 'replace' && mode !== 'add' && mode !== 'remove') {
		throw fail(`"${mode}" is not a way to change the accounts`);
	}
	const list = readAccounts(ctx, itemIndex, fail);
	if (list.length === 0) {
		throw fail(
			'Allow Explicit needs at least one account',
			mode === 'replace'
				? 'An explicit list with nobody on it would lock every account out; choose Deny All to do that.'
				: 'Add the accounts to add or remove.',
		);
	}
	change.accounts = { mode, list };
	return change;
}

/** The permissions after the change: what the form sets, everything else as VBR has it. */
export function applyAccessChange(
	current: AccessPermissions,
	change: AccessChange,
): { next: AccessPermissions; missing: AccessAccount[] } {
	const currentAccounts = current.accessPolicy === 'AllowExplicit' ? (current.accounts ?? []) : [];
	let accounts: AccessAccount[] = [];
	const missing: AccessAccount[] = [];
	if (change.accounts) {
		const { mode, list } = change.accounts;
		const keys = new Set(list.map(accountKey));
		if (mode === 'replace') accounts = list;
		else if (mode === 'add') {
			const present = new Set(currentAccounts.map(accountKey));
			accounts = [
				...currentAccounts,
				...list.filter((account) => !present.has(accountKey(account))),
			];
		} else {
			const present = new Set(currentAccounts.map(accountKey));
			missing.push(...list.filter((account) => !present.has(accountKey(account))));
			accounts = currentAccounts.filter((account) => !keys.has(accountKey(account)));
		}
	}
	return {
		next: {
			accessPolicy: change.accessPolicy,
			accounts,
			encryptionSettings: change.encryption ?? current.encryptionSettings ?? { isEnabled: false },
		},
		missing,
	};
}

const accountLabel = (account: AccessAccount) => `${account.name} (${account.type})`;

/** Plain-language list of what differs between two permission models, for the output. */
export function describeAccessChanges(
	before: AccessPermissions,
	after: AccessPermissions,
): string[] {
	const changes: string[] = [];
	if (before.accessPolicy !== after.accessPolicy) {
		changes.push(`access policy ${before.accessPolicy} → ${after.accessPolicy}`);
	}
	const beforeAccounts = before.accessPolicy === 'AllowExplicit' ? (before.accounts ?? []) : [];
	const beforeKeys = new Set(beforeAccounts.map(accountKey));
	const afterKeys = new Set(after.accounts.map(accountKey));
	const added = after.accounts.filter((account) => !beforeKeys.has(accountKey(account)));
	const removed = beforeAccounts.filter((account) => !afterKeys.has(accountKey(account)));
	if (added.length) changes.push(`accounts added: ${added.map(accountLabel).join(', ')}`);
	if (removed.length) changes.push(`accounts removed: ${removed.map(accountLabel).join(', ')}`);
	if (JSON.stringify(before.encryptionSettings) !== JSON.stringify(after.encryptionSettings)) {
		const state = (settings: IDataObject | undefined) =>
			settings?.isEnabled === true ? `on (${String(settings.encryptionType)})` : 'off';
		changes.push(
			`encryption ${state(before.encryptionSettings)} → ${state(after.encryptionSettings)}`,
		);
	}
	return changes;
}
