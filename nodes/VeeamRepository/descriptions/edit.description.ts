import type { INodeProperties } from 'n8n-workflow';

/** "Define By" of an Edit: a form of fields to change, or a JSON merge patch. */
export function editModeField(model: string): INodeProperties {
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
export function jsonPatchField(fixed: string): INodeProperties {
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
