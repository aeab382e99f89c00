import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { VeeamClient } from '../../shared/transport/client';
import { runMutation } from './mutation';
import type { MutationSettings } from './mutationSettings';
import { mutationOptions } from './mutationSettings';
import { readJsonObject } from './parameters';
import { changedFields, unchangedSince } from './recovery';
import { waitForCompletion } from './waitForCompletion';

/**
 * The Edit block shared by repositories and scale-out repositories: "Define By" (form or JSON merge
 * patch), the readers of both, the one error for a change that does not fit the object, and the
 * runner that sends the PUT of the whole model.
 */

/** A form field that cannot apply to this object (e.g. a path for an object storage repository). */
export class UpdateNotApplicable extends Error {}

/** "Define By" of an Edit: a form of fields to change, or a JSON merge patch. */
function editModeField(model: string): INodeProperties {
	return {
		displayName: 'Define By',
		name: 'defineBy',
		type: 'options',
		options: [
			{ name: 'Fields', value: 'fields', description: 'Change the fields you add below' },
			{
				name: 'JSON Patch',
				value: 'json',
				description: `A JSON merge patch applied to the current ${model} model`,
			},
		],
		default: 'fields',
	};
}

/** The patch of an Edit in JSON mode; `fixed` says which fields VBR cannot change. */
function jsonPatchField(fixed: string): INodeProperties {
	return {
		displayName: 'Patch (JSON)',
		name: 'body',
		type: 'json',
		default: '{\n  "description": "Changed by n8n"\n}',
		required: true,
		description: `Fields to change, merged into the current model (null removes a field); ${fixed}`,
		displayOptions: { show: { defineBy: ['json'] } },
	};
}

/** The parameters of an Edit: the object, Define By, the Update Fields form or the JSON patch, and Options. */
export function editProperties(block: {
	locator: INodeProperties;
	/** "repository", "scale-out repository". */
	model: string;
	updateFields: INodeProperties[];
	/** What VBR cannot change, for the patch's description. */
	fixed: string;
}): INodeProperties[] {
	return [
		block.locator,
		editModeField(block.model),
		{
			displayName: 'Update Fields',
			name: 'updateFields',
			type: 'collection',
			placeholder: 'Add Field',
			default: {},
			displayOptions: { show: { defineBy: ['fields'] } },
			options: block.updateFields,
		},
		jsonPatchField(block.fixed),
		waitForCompletion,
		mutationOptions,
	];
}

/** How a JSON patch is checked against the object it changes. */
export interface PatchRules {
	/** Fields VBR cannot change (ID, type): an unchanged value is accepted and left out. */
	fixedFields: string[];
	/** Why they cannot change, for the error of a real change. */
	description?: string;
	/** Fields this node adds to the outputs of this object, besides OUTPUT_FIELDS. */
	outputFields?: string[];
}

/**
 * Fields this node adds to the outputs of Add and Edit (and helpers may add, e.g. the API revision
 * used). Get → change a field → Edit with the whole item is a common n8n pattern, so a patch made
 * from an output carries them; they are not part of VBR's model and are left out of the PUT.
 */
export const OUTPUT_FIELDS = [
	'alreadyInMode',
	'alreadyPresent',
	'alreadyRemoved',
	'apiVersion',
	'audit',
	'dryRun',
	'immutability',
	'recovery',
	'request',
	'session',
	'targets',
	'warning',
];

/** The change an Edit asks for: a JSON merge patch, or what `readForm` reads from Update Fields. */
export function readEditChange<Form>(
	ctx: IExecuteFunctions,
	itemIndex: number,
	readForm: () => Form,
): { patch: IDataObject } | { form: Form } {
	const defineBy = ctx.getNodeParameter('defineBy', itemIndex, 'fields') as string;
	return defineBy === 'json' ? { patch: readJsonPatch(ctx, itemIndex) } : { form: readForm() };
}

/** The JSON merge patch of an Edit: an object that is not empty (checked against the object later). */
function readJsonPatch(ctx: IExecuteFunctions, itemIndex: number): IDataObject {
	const patch = readJsonObject(ctx, 'body', 'Patch (JSON)', itemIndex);
	if (Object.keys(patch).length === 0) {
		throw new NodeOperationError(ctx.getNode(), 'The patch is empty', { itemIndex });
	}
	return patch;
}

/** IDs and enum values compare case-insensitively (VBR answers either casing). */
function sameFixedValue(a: unknown, b: unknown): boolean {
	return typeof a === 'string' && typeof b === 'string' && a.toLowerCase() === b.toLowerCase();
}

/**
 * Refuses a patch that changes a fixed field of `known` (the object, or what is known of it before
 * it is read: the ID of a locator). Fields `known` does not have are not checked.
 */
export function refuseFixedChanges(
	ctx: IExecuteFunctions,
	itemIndex: number,
	patch: IDataObject,
	known: IDataObject,
	rules: PatchRules,
): void {
	const changed = rules.fixedFields
		.filter((key) => key in patch && key in known && !sameFixedValue(patch[key], known[key]))
		.map((key) => `"${key}" (${JSON.stringify(known[key])} → ${JSON.stringify(patch[key])})`);
	if (changed.length === 0) return;
	throw new NodeOperationError(ctx.getNode(), `The patch cannot change ${changed.join(' or ')}`, {
		description: `${rules.description ?? ''} Nothing was sent to VBR.`.trim(),
		itemIndex,
	});
}

/**
 * The patch without what VBR cannot change and this node added: an unchanged ID or type and the
 * output fields are dropped; a real change of a fixed field is refused before anything is sent.
 */
export function settlePatch(
	ctx: IExecuteFunctions,
	itemIndex: number,
	patch: IDataObject,
	current: IDataObject,
	rules: PatchRules,
): IDataObject {
	refuseFixedChanges(
		ctx,
		itemIndex,
		patch,
		{ ...current, ...fixedNulls(patch, current, rules) },
		rules,
	);
	const ignored = new Set([...OUTPUT_FIELDS, ...rules.fixedFields, ...(rules.outputFields ?? [])]);
	const settled: IDataObject = {};
	for (const [key, value] of Object.entries(patch)) {
		if (!ignored.has(key)) settled[key] = value;
	}
	if (Object.keys(settled).length === 0) {
		throw new NodeOperationError(ctx.getNode(), 'The patch changes nothing', {
			description: `It holds only fields VBR cannot change (${rules.fixedFields.join(', ')}) or that this node adds to its outputs. Nothing was sent to VBR.`,
			itemIndex,
		});
	}
	return settled;
}

/** A fixed field the object lacks still counts as changed when the patch sets it. */
function fixedNulls(patch: IDataObject, current: IDataObject, rules: PatchRules): IDataObject {
	const missing: IDataObject = {};
	for (const key of rules.fixedFields) if (key in patch && !(key in current)) missing[key] = null;
	return missing;
}

/** Which Update Fields are text (optionally allowed empty), whole numbers from 0, and switches. */
export interface UpdateFieldKinds {
	text?: string[];
	emptyAllowed?: string[];
	wholeNumbers?: string[];
	switches?: string[];
}

/**
 * The Update Fields the user added, checked: text is trimmed (and must not be empty unless allowed),
 * numbers are whole and at least 0, switches are booleans. Fields not added stay absent.
 */
export function readUpdateFields(
	ctx: IExecuteFunctions,
	itemIndex: number,
	fields: IDataObject,
	kinds: UpdateFieldKinds,
): IDataObject {
	const update: IDataObject = {};
	for (const key of kinds.text ?? []) {
		if (fields[key] === undefined) continue;
		const value = String(fields[key]).trim();
		if (value === '' && !(kinds.emptyAllowed ?? []).includes(key)) {
			throw new NodeOperationError(ctx.getNode(), `"${key}" cannot be empty`, { itemIndex });
		}
		update[key] = value;
	}
	for (const key of kinds.wholeNumbers ?? []) {
		if (fields[key] === undefined) continue;
		const value = Number(fields[key]);
		if (!Number.isInteger(value) || value < 0) {
			throw new NodeOperationError(ctx.getNode(), `"${key}" must be a whole number of at least 0`, {
				itemIndex,
			});
		}
		update[key] = value;
	}
	for (const key of kinds.switches ?? []) {
		if (typeof fields[key] === 'boolean') update[key] = fields[key];
	}
	return update;
}

export function noFieldToChange(ctx: IExecuteFunctions, itemIndex: number): NodeOperationError {
	return new NodeOperationError(ctx.getNode(), 'No field to change', {
		description: 'Add at least one field under "Update Fields".',
		itemIndex,
	});
}

function clone<T>(value: T): T {
	return JSON.parse(JSON.stringify(value)) as T;
}

/** RFC 7386 JSON merge patch: objects merge, null removes, anything else replaces. */
export function mergePatch(target: IDataObject, patch: IDataObject): IDataObject {
	const result: IDataObject = clone(target);
	for (const [key, value] of Object.entries(patch)) {
		if (value === null) {
			delete result[key];
		} else if (typeof value === 'object' && !Array.isArray(value)) {
			const current = result[key];
			const base =
				typeof current === 'object' && current !== null && !Array.isArray(current)
					? (current as IDataObject)
					: {};
			result[key] = mergePatch(base, value as IDataObject);
		} else {
			result[key] = clone(value);
		}
	}
	return result;
}

/** The body of the PUT, built from the current model; a change that cannot apply fails the item. */
function buildEditBody(
	ctx: IExecuteFunctions,
	itemIndex: number,
	build: () => IDataObject,
): IDataObject {
	try {
		return build();
	} catch (error) {
		if (error instanceof UpdateNotApplicable) {
			throw new NodeOperationError(ctx.getNode(), error.message, { itemIndex });
		}
		throw new NodeOperationError(ctx.getNode(), error as Error, { itemIndex });
	}
}

/** An Edit, read and resolved: the object as VBR returned it and how to build its new model. */
export interface EditPlan {
	/** `<resource>.update`, as the audit record names it. */
	operation: string;
	/** "repository", "scale-out repository": how messages name the object. */
	what: string;
	id: string;
	path: string;
	current: IDataObject;
	build: () => IDataObject;
	/** Reads the object after the change, for the output. */
	readResult: () => Promise<IDataObject>;
}

/** Sends the whole changed model with PUT; recognised on VBR by the model no longer being `current`. */
export async function runEdit(
	ctx: IExecuteFunctions,
	client: VeeamClient,
	itemIndex: number,
	settings: MutationSettings,
	edit: EditPlan,
): Promise<IDataObject> {
	const { id, path, current, what } = edit;
	const body = buildEditBody(ctx, itemIndex, edit.build);
	const name = String(current.name);
	return await runMutation(ctx, client, itemIndex, settings, {
		operation: edit.operation,
		recovery: {
			sessionType: 'Infrastructure',
			resourceId: id,
			probe: unchangedSince(client, path, current, `${what} "${name}"`, itemIndex),
			check: `whether ${what} "${name}" (${id}) has the new ${changedFields(current, body).join(', ')}`,
		},
		request: { method: 'PUT', path, body },
		targets: [{ id, name }],
		readResult: edit.readResult,
	});
}
