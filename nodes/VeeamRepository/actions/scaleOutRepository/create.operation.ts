import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import type { VeeamClient } from '../../../shared/transport/client';
import {
	SCALE_OUT_REPOSITORIES_PATH,
	scaleOutRepositoryPath,
} from '../../../shared/transport/paths';
import { isUuid } from '../../../shared/validation';
import { scaleOutFormFields } from '../../descriptions/scaleOutForm.description';
import { scaleOutOutput } from '../../helpers/extentImmutability';
import { runMutation } from '../../helpers/mutation';
import { addRecovery, createProperties } from '../../helpers/create';
import { readMutationSettings } from '../../helpers/mutationSettings';
import { readJsonObject } from '../../helpers/parameters';
import { readReferenceList, resolveRepositoryReferences } from '../../helpers/references';
import { findScaleOutRepositoryByName } from '../../helpers/resolve';
import { alreadyPresent, findAddedScaleOutRepository } from '../../helpers/rerun';
import type { ScaleOutForm } from '../../helpers/scaleOutSpec';
import { buildScaleOutSpec } from '../../helpers/scaleOutSpec';

const properties: INodeProperties[] = createProperties({
	formDescription: 'Extents, placement, capacity and archive tier',
	formFields: scaleOutFormFields,
	jsonDescription: 'A ScaleOutRepositorySpec body',
	jsonField: {
		displayName: 'Scale-Out Repository (JSON)',
		name: 'body',
		type: 'json',
		default:
			'{\n  "name": "",\n  "description": "",\n  "performanceTier": { "performanceExtents": [{ "id": "" }] }\n}',
		required: true,
		description: 'The ScaleOutRepositorySpec of the VBR REST API',
	},
});

export const description = updateDisplayOptions(
	{ show: { resource: ['scaleOutRepository'], operation: ['create'] } },
	properties,
);

function wholeNumber(
	ctx: IExecuteFunctions,
	name: string,
	label: string,
	itemIndex: number,
): number {
	const value = Number(ctx.getNodeParameter(name, itemIndex));
	if (!Number.isInteger(value) || value < 0) {
		throw new NodeOperationError(ctx.getNode(), `${label} must be a whole number of at least 0`, {
			itemIndex,
		});
	}
	return value;
}

async function readForm(
	ctx: IExecuteFunctions,
	client: VeeamClient,
	itemIndex: number,
): Promise<IDataObject> {
	const name = String(ctx.getNodeParameter('name', itemIndex, '') ?? '').trim();
	if (name === '') throw new NodeOperationError(ctx.getNode(), '"Name" is required', { itemIndex });
	const placementPolicy = ctx.getNodeParameter(
		'placementPolicy',
		itemIndex,
		'DataLocality',
	) as ScaleOutForm['placementPolicy'];
	const capacityEnabled = ctx.getNodeParameter('capacityTierEnabled', itemIndex, false) === true;
	const archiveEnabled = ctx.getNodeParameter('archiveTierEnabled', itemIndex, false) === true;
	const references = readReferenceList(
		ctx,
		'performanceExtentIds',
		'Performance Extents',
		itemIndex,
	);
	const tierReference = (parameter: string, label: string) =>
		readReferenceList(ctx, parameter, label, itemIndex)[0];
	const capacityReference = capacityEnabled
		? tierReference('capacityExtentId', 'Capacity Extent')
		: undefined;
	const archiveReference = archiveEnabled
		? tierReference('archiveExtentId', 'Archive Extent')
		: undefined;
	const restoreDays = capacityEnabled
		? wholeNumber(ctx, 'operationalRestorePeriodDays', 'Operational Restore Window', itemIndex)
		: 0;
	const archiveDays = archiveEnabled
		? wholeNumber(ctx, 'archivePeriodDays', 'Archive After', itemIndex)
		: 0;
	const extra = ctx.getNodeParameter('additionalFields', itemIndex, {}) as IDataObject;

	// Everything is checked; now names become IDs (reads only).
	const extents = await resolveRepositoryReferences(ctx, client, references, itemIndex);
	const [capacity] = capacityReference
		? await resolveRepositoryReferences(ctx, client, [capacityReference], itemIndex)
		: [];
	const [archive] = archiveReference
		? await resolveRepositoryReferences(ctx, client, [archiveReference], itemIndex)
		: [];
	const form: ScaleOutForm = {
		name,
		description: String(ctx.getNodeParameter('description', itemIndex, '') ?? ''),
		performanceExtentIds: extents.map((extent) => extent.id),
		placementPolicy,
	};
	if (capacity) {
		form.capacityTier = {
			extentId: capacity.id,
			copyPolicyEnabled: ctx.getNodeParameter('copyPolicyEnabled', itemIndex, false) === true,
			movePolicyEnabled: ctx.getNodeParameter('movePolicyEnabled', itemIndex, true) === true,
			operationalRestorePeriodDays: restoreDays,
		};
	}
	if (archive) form.archiveTier = { extentId: archive.id, archivePeriodDays: archiveDays };
	if (typeof extra.perVmBackup === 'boolean') form.perVmBackup = extra.perVmBackup;
	if (typeof extra.fullWhenExtentOffline === 'boolean')
		form.fullWhenExtentOffline = extra.fullWhenExtentOffline;
	return buildScaleOutSpec(form);
}

function readJsonSpec(ctx: IExecuteFunctions, itemIndex: number): IDataObject {
	const spec = readJsonObject(ctx, 'body', 'Scale-Out Repository (JSON)', itemIndex);
	if (typeof spec.name !== 'string' || spec.name.trim() === '') {
		throw new NodeOperationError(
			ctx.getNode(),
			'Scale-Out Repository (JSON) needs a "name" string',
			{ itemIndex },
		);
	}
	const tier = spec.performanceTier as IDataObject | undefined;
	if (!tier || !Array.isArray(tier.performanceExtents) || tier.performanceExtents.length === 0) {
		throw new NodeOperationError(
			ctx.getNode(),
			'Scale-Out Repository (JSON) needs "performanceTier.performanceExtents" with at least one extent',
			{ itemIndex },
		);
	}
	if (spec.description === undefined) spec.description = '';
	return spec;
}

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	client: VeeamClient,
): Promise<IDataObject> {
	const settings = readMutationSettings(this, itemIndex);
	const defineBy = this.getNodeParameter('defineBy', itemIndex, 'fields') as string;
	const body =
		defineBy === 'json' ? readJsonSpec(this, itemIndex) : await readForm(this, client, itemIndex);
	const name = String(body.name);
	return await runMutation(this, client, itemIndex, settings, {
		operation: 'scaleOutRepository.create',
		recovery: addRecovery({
			what: 'scale-out repository',
			consoleList: 'Scale-out Repositories',
			name,
			find: async () => await findScaleOutRepositoryByName(client, name, itemIndex),
		}),
		request: { method: 'POST', path: SCALE_OUT_REPOSITORIES_PATH, body },
		targets: [{ id: null, name }],
		alreadyDone: async () => {
			const added = await findAddedScaleOutRepository(client, body, itemIndex);
			return alreadyPresent(added && (await scaleOutOutput(client, added, itemIndex)));
		},
		readResult: async (session) => {
			const byId =
				session && isUuid(session.resourceId)
					? await client.request<IDataObject>(
							{ method: 'GET', path: scaleOutRepositoryPath(session.resourceId) },
							itemIndex,
						)
					: undefined;
			// The session's object must be the scale-out repository this Add named.
			const model =
				byId && String(byId.name).toLowerCase() === name.toLowerCase()
					? byId
					: await findScaleOutRepositoryByName(client, name, itemIndex);
			if (!model) {
				throw new NodeOperationError(
					this.getNode(),
					`VBR reported success but no scale-out repository named "${name}" can be found`,
					{ itemIndex },
				);
			}
			return await scaleOutOutput(client, model, itemIndex);
		},
	});
}
