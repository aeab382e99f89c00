import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import { withImmutability } from '../../../shared/immutability';
import type { VeeamClient } from '../../../shared/transport/client';
import {
	managedServerPath,
	REPOSITORIES_PATH,
	repositoryPath,
} from '../../../shared/transport/paths';
import type { ApiVersion, VeeamRequest } from '../../../shared/types';
import { isUuid } from '../../../shared/validation';
import { repositoryFormFields } from '../../descriptions/repositoryForm.description';
import { runMutation } from '../../helpers/mutation';
import { addRecovery, createProperties } from '../../helpers/create';
import { readMutationSettings } from '../../helpers/mutationSettings';
import { readJsonObject, readStrictBoolean } from '../../helpers/parameters';
import { readRepositoryForm, refuseGovernanceFields, serverOs } from '../../helpers/repositoryForm';
import type { ServerOs } from '../../helpers/repositorySpec';
import { buildRepositorySpec, requiresIsDisabled } from '../../helpers/repositorySpec';
import { findRepositoryByName } from '../../helpers/resolve';
import { alreadyPresent, findAddedRepository } from '../../helpers/rerun';

const properties: INodeProperties[] = createProperties({
	formDescription: 'A form for the common repository types',
	formFields: repositoryFormFields,
	jsonDescription: 'A RepositorySpec body, for any repository type',
	jsonField: {
		displayName: 'Repository (JSON)',
		name: 'body',
		type: 'json',
		default: '{\n  "name": "",\n  "description": "",\n  "type": "LinuxHardened"\n}',
		required: true,
		description: 'The RepositorySpec of the VBR REST API for the API version of the credential',
	},
	commonFields: [
		{
			displayName: 'Take Ownership',
			name: 'overwriteOwner',
			type: 'boolean',
			default: false,
			description:
				'Whether to take the repository over from another backup server that owns it (VBR refuses to add a folder or bucket another backup server manages unless this is on)',
		},
	],
});

export const description = updateDisplayOptions(
	{ show: { resource: ['repository'], operation: ['create'] } },
	properties,
);

function readJsonSpec(
	ctx: IExecuteFunctions,
	itemIndex: number,
	apiVersion: ApiVersion,
): IDataObject {
	const spec = readJsonObject(ctx, 'body', 'Repository (JSON)', itemIndex);
	refuseGovernanceFields(ctx, spec, apiVersion, itemIndex);
	for (const field of ['name', 'type'] as const) {
		if (typeof spec[field] !== 'string' || (spec[field] as string).trim() === '') {
			throw new NodeOperationError(ctx.getNode(), `Repository (JSON) needs a "${field}" string`, {
				itemIndex,
			});
		}
	}
	if (spec.description === undefined) spec.description = '';
	if (spec.isDisabled === undefined && requiresIsDisabled(apiVersion)) spec.isDisabled = false;
	return spec;
}

/** The mount server model differs by OS, which only the managed server record tells. */
async function readMountServerOs(
	ctx: IExecuteFunctions,
	client: VeeamClient,
	mountServerId: string,
	itemIndex: number,
): Promise<ServerOs> {
	const mountServer = await client.request<IDataObject>(
		{ method: 'GET', path: managedServerPath(mountServerId) },
		itemIndex,
	);
	const os = serverOs(mountServer.type);
	if (!os) {
		throw new NodeOperationError(
			ctx.getNode(),
			`"${String(mountServer.name)}" cannot be a mount server (it is a ${String(mountServer.type)})`,
			{ description: 'Choose a Windows or Linux managed server.', itemIndex },
		);
	}
	return os;
}

async function buildRequest(
	ctx: IExecuteFunctions,
	client: VeeamClient,
	itemIndex: number,
): Promise<VeeamRequest> {
	const defineBy = ctx.getNodeParameter('defineBy', itemIndex, 'fields') as string;
	if (defineBy === 'json') {
		return {
			method: 'POST',
			path: REPOSITORIES_PATH,
			body: readJsonSpec(ctx, itemIndex, client.apiVersion),
		};
	}
	const form = readRepositoryForm(ctx, itemIndex, client.apiVersion);
	const mountServerOs = form.mountServerId
		? await readMountServerOs(ctx, client, form.mountServerId, itemIndex)
		: undefined;
	const body = buildRepositorySpec({ ...form, mountServerOs }, client.apiVersion);
	return { method: 'POST', path: REPOSITORIES_PATH, body };
}

/** The query of the Add: overwriteOwner only when asked for (VBR's default is not to). */
function ownershipQuery(ctx: IExecuteFunctions, itemIndex: number): IDataObject | undefined {
	return readStrictBoolean(ctx, 'overwriteOwner', 'Take Ownership', itemIndex)
		? { overwriteOwner: true }
		: undefined;
}

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	client: VeeamClient,
): Promise<IDataObject> {
	const settings = readMutationSettings(this, itemIndex);
	const qs = ownershipQuery(this, itemIndex);
	const request = { ...(await buildRequest(this, client, itemIndex)), ...(qs ? { qs } : {}) };
	const name = String((request.body as IDataObject).name);
	return await runMutation(this, client, itemIndex, settings, {
		operation: 'repository.create',
		request,
		recovery: addRecovery({
			what: 'repository',
			consoleList: 'Backup Repositories',
			name,
			find: async () => await findRepositoryByName(client, name, itemIndex),
		}),
		targets: [{ id: null, name }],
		alreadyDone: async () =>
			alreadyPresent(
				await findAddedRepository(client, request.body as IDataObject, itemIndex),
				(model) => withImmutability(model, client.apiVersion),
			),
		readResult: async (session) => {
			// Whether the add session's resourceId is the new repository is not documented; fall back to the name.
			if (session && isUuid(session.resourceId)) {
				try {
					const byId = await client.request<IDataObject>(
						{ method: 'GET', path: repositoryPath(session.resourceId) },
						itemIndex,
					);
					// The session's object must be the repository this Add named, or it was another change.
					if (String(byId.name).toLowerCase() === name.toLowerCase()) {
						return withImmutability(byId, client.apiVersion);
					}
				} catch {
					// Not a repository ID after all: look it up by name below.
				}
			}
			const created = await findRepositoryByName(client, name, itemIndex);
			if (!created) {
				throw new NodeOperationError(
					this.getNode(),
					`VBR reported success but no repository named "${name}" can be found`,
					{
						description: `Session ${session?.id ?? ''} ended with ${session?.result?.result ?? 'no result'}.`,
						itemIndex,
					},
				);
			}
			return withImmutability(created, client.apiVersion);
		},
	});
}
