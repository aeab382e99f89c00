import type { IDataObject } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import { sameEnum } from '../../shared/apiVersion';
import { performanceExtents } from '../../shared/scaleOutModel';
import type { VeeamClient } from '../../shared/transport/client';
import { findRepositoryByName, findScaleOutRepositoryByName } from './resolve';

/*
 * A re-run of an execution (n8n handing a crashed worker's job to another worker, or a person
 * running it again) repeats changes that may already be in place. These checks recognise a change
 * that is there already, so that the re-run reports it instead of failing or applying it twice.
 */

const folded = (value: unknown): string | undefined =>
	typeof value === 'string' && value.trim() !== '' ? value.trim().toLowerCase() : undefined;

/**
 * Where a repository keeps its data, the same in a RepositorySpec and a RepositoryModel: the
 * managed server (local and hardened types), the share (SMB, NFS), or bucket/container and folder.
 */
export function repositoryLocation(model: IDataObject): string | undefined {
	if (folded(model.hostId)) return `host:${folded(model.hostId)}`;
	const share = model.share as IDataObject | undefined;
	if (folded(share?.sharePath)) return `share:${folded(share?.sharePath)}`;
	const place = (model.bucket ?? model.container) as IDataObject | undefined;
	if (!place) return undefined;
	const parts = [place.bucketName, place.containerName, place.folderName, place.folder].map(folded);
	return `object:${parts.map((part) => part ?? '').join('/')}`;
}

/** How an Add finds the object an earlier run of it created, from the body it would send. */
type AddedLookup = (
	client: VeeamClient,
	spec: IDataObject,
	itemIndex: number,
) => Promise<IDataObject | undefined>;

/**
 * The repository an earlier run of this Add created: same name, same type and same location.
 * A repository of that name elsewhere is not it (VBR then refuses the Add, as it should).
 */
export const findAddedRepository: AddedLookup = async (client, spec, itemIndex) => {
	const existing = await findRepositoryByName(client, String(spec.name), itemIndex);
	const same =
		existing !== undefined &&
		sameEnum(existing.type, String(spec.type)) &&
		repositoryLocation(existing) === repositoryLocation(spec);
	return same ? existing : undefined;
};

const extentIds = (model: IDataObject): string =>
	performanceExtents(model)
		.map((extent) => String(extent.id).toLowerCase())
		.sort()
		.join(',');

/** The scale-out repository an earlier run of this Add created: same name, same performance extents. */
export const findAddedScaleOutRepository: AddedLookup = async (client, spec, itemIndex) => {
	const existing = await findScaleOutRepositoryByName(client, String(spec.name), itemIndex);
	return existing && extentIds(existing) === extentIds(spec) ? existing : undefined;
};

/** VBR's own "this object does not exist" (a 404 from a proxy, without Veeam's error, is not one). */
export function isVeeamNotFound(error: unknown): boolean {
	return (
		error instanceof NodeApiError &&
		error.httpCode === '404' &&
		(error.context as IDataObject | undefined)?.errorCode === 'NotFound'
	);
}

/** The output of an Add found in place: the object as VBR has it, flagged. */
export function alreadyPresent(
	model: IDataObject | undefined,
	shape: (model: IDataObject) => IDataObject = (same) => same,
): IDataObject | undefined {
	return model ? { ...shape(model), alreadyPresent: true } : undefined;
}
