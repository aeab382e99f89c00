import type { IDataObject, IExecuteFunctions, INodeParameterResourceLocator } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { isUuid } from '../../shared/validation';
import type { UnfaithfulNumber } from './jsonNumbers';
import { describeUnfaithfulNumber, findUnfaithfulNumber, findUnfaithfulValue } from './jsonNumbers';

/** A resource locator value as the user set it; names are resolved later, IDs are checked now. */
export interface LocatorValue {
	mode: 'id' | 'name';
	value: string;
}

export function readLocator(
	ctx: IExecuteFunctions,
	parameter: string,
	label: string,
	itemIndex: number,
): LocatorValue {
	const raw = ctx.getNodeParameter(parameter, itemIndex) as INodeParameterResourceLocator | string;
	const locator = typeof raw === 'object' && raw !== null ? raw : { mode: 'id', value: raw };
	const value = typeof locator.value === 'string' ? locator.value.trim() : locator.value;
	if (value !== undefined && value !== null && typeof value !== 'string') {
		throw new NodeOperationError(
			ctx.getNode(),
			`The ${label} must be given as an ID or a name (text), not as ${describeType(value)}`,
			{ description: `Check the expression of the "${label}" parameter.`, itemIndex },
		);
	}
	if (typeof value !== 'string' || value === '') {
		throw new NodeOperationError(ctx.getNode(), `No ${label} given`, {
			description: `Set the "${label}" parameter: pick one from the list, or enter its ID or name.`,
			itemIndex,
		});
	}
	if (locator.mode === 'name') {
		assertPrintable(ctx, value, label, itemIndex);
		// VBR reads * in a name filter as a wildcard, so such a name cannot be looked up exactly.
		if (value.includes('*')) {
			throw new NodeOperationError(
				ctx.getNode(),
				`The ${label} name "${truncate(value)}" contains "*"`,
				{
					description: `A name is matched exactly; wildcards are not accepted here. Use the ${label}'s ID instead.`,
					itemIndex,
				},
			);
		}
		return { mode: 'name', value };
	}
	if (!isUuid(value)) {
		throw new NodeOperationError(ctx.getNode(), `"${truncate(value)}" is not a valid ${label} ID`, {
			description: `A ${label} ID is a UUID such as 88788f9e-d8f5-4eb4-bc4f-9b3f5403bcec. To use a name, switch the "${label}" parameter to "By Name".`,
			itemIndex,
		});
	}
	return { mode: 'id', value: value.toLowerCase() };
}

/** C0 controls and DEL (U+0000–U+001F, U+007F), without a regular expression of control characters. */
function hasControlCharacter(value: string): boolean {
	for (let index = 0; index < value.length; index++) {
		const code = value.charCodeAt(index);
		if (code <= 0x1f || code === 0x7f) return true;
	}
	return false;
}

export function assertPrintable(
	ctx: IExecuteFunctions,
	value: string,
	label: string,
	itemIndex: number,
): void {
	if (hasControlCharacter(value)) {
		throw new NodeOperationError(ctx.getNode(), `The ${label} name contains control characters`, {
			itemIndex,
		});
	}
}

export function describeType(value: unknown): string {
	if (value === null) return 'null';
	if (Array.isArray(value)) return 'a list';
	return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

/**
 * A switch that must really be on: an expression that yields the text "true" does not count, so a
 * destructive option can only be turned on by a boolean.
 */
export function readStrictBoolean(
	ctx: IExecuteFunctions,
	parameter: string,
	label: string,
	itemIndex: number,
): boolean {
	const value = ctx.getNodeParameter(parameter, itemIndex, false) as unknown;
	if (value === undefined || value === null) return false;
	if (typeof value !== 'boolean') {
		throw new NodeOperationError(
			ctx.getNode(),
			`"${label}" must be true or false, not ${describeType(value)}`,
			{
				itemIndex,
			},
		);
	}
	return value;
}

/** JSON parameters larger than this are refused before parsing: VBR models are a few KB. */
const MAX_JSON_CHARACTERS = 1024 * 1024;

export function truncate(value: string, max = 80): string {
	return value.length > max ? `${value.slice(0, max)}…` : value;
}

/** Parses a JSON parameter that may arrive as text or, from an expression, as an object already. */
export function readJsonObject(
	ctx: IExecuteFunctions,
	parameter: string,
	label: string,
	itemIndex: number,
): IDataObject {
	const raw = ctx.getNodeParameter(parameter, itemIndex) as unknown;
	let value = raw;
	if (typeof raw === 'string') {
		if (raw.length > MAX_JSON_CHARACTERS) {
			throw new NodeOperationError(
				ctx.getNode(),
				`${label} is too large (${raw.length} characters)`,
				{
					description: `The limit is ${MAX_JSON_CHARACTERS} characters; a VBR model is a few thousand.`,
					itemIndex,
				},
			);
		}
		if (raw.trim() === '') {
			throw new NodeOperationError(ctx.getNode(), `${label} is empty`, {
				itemIndex,
			});
		}
		try {
			value = JSON.parse(raw);
		} catch (error) {
			throw new NodeOperationError(ctx.getNode(), `${label} is not valid JSON`, {
				description: (error as Error).message,
				itemIndex,
			});
		}
	}
	if (typeof value !== 'object' || value === null || Array.isArray(value)) {
		throw new NodeOperationError(ctx.getNode(), `${label} must be a JSON object`, { itemIndex });
	}
	if (typeof raw !== 'string' && JSON.stringify(value).length > MAX_JSON_CHARACTERS) {
		throw new NodeOperationError(ctx.getNode(), `${label} is too large`, {
			description: `The limit is ${MAX_JSON_CHARACTERS} characters of JSON.`,
			itemIndex,
		});
	}
	const unfaithful =
		typeof raw === 'string' ? findUnfaithfulNumber(raw) : findUnfaithfulValue(value);
	if (unfaithful) throw unfaithfulNumberError(ctx, label, unfaithful, itemIndex);
	return value as IDataObject;
}

function unfaithfulNumberError(
	ctx: IExecuteFunctions,
	label: string,
	found: UnfaithfulNumber,
	itemIndex: number,
): NodeOperationError {
	return new NodeOperationError(
		ctx.getNode(),
		`The number at ${found.path} in ${label} would not reach VBR as written`,
		{
			description: `${describeUnfaithfulNumber(found)} Nothing was sent.`,
			itemIndex,
		},
	);
}
