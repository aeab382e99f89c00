import type { INodeProperties } from 'n8n-workflow';

import { mutationOptions } from './mutationSettings';
import type { RecoveryHint } from './recovery';
import { waitForCompletion } from './waitForCompletion';

/**
 * The Add block shared by repositories and scale-out repositories: "Define By" (a form, or the Spec
 * as JSON), the form's fields shown only for the form, then Wait for Completion and Options; and
 * how an Add is recognised on VBR when its answer is lost.
 */
export function createProperties(block: {
	formDescription: string;
	formFields: INodeProperties[];
	jsonDescription: string;
	jsonField: INodeProperties;
	/** Shown for both the form and JSON (e.g. query options of the Add). */
	commonFields?: INodeProperties[];
}): INodeProperties[] {
	return [
		{
			displayName: 'Define By',
			name: 'defineBy',
			type: 'options',
			options: [
				{ name: 'Fields', value: 'fields', description: block.formDescription },
				{ name: 'JSON', value: 'json', description: block.jsonDescription },
			],
			default: 'fields',
		},
		...block.formFields.map((field) => ({
			...field,
			displayOptions: { show: { ...field.displayOptions?.show, defineBy: ['fields'] } },
		})),
		{ ...block.jsonField, displayOptions: { show: { defineBy: ['json'] } } },
		...(block.commonFields ?? []),
		waitForCompletion,
		mutationOptions,
	];
}

/**
 * An Add whose answer is lost happened if an object of its name exists now: VBR refuses a second
 * one, so none existed when the Add was built.
 */
export function addRecovery(add: {
	/** "repository", "scale-out repository". */
	what: string;
	/** Where the VBR console lists them, under Backup Infrastructure. */
	consoleList: string;
	name: string;
	find: () => Promise<{ id?: unknown; name?: unknown } | undefined>;
}): RecoveryHint {
	return {
		sessionType: 'Infrastructure',
		probe: async () => {
			const found = await add.find();
			return found
				? {
						unchanged: false,
						observed: `a ${add.what} named "${String(found.name)}" exists (${String(found.id)})`,
					}
				: { unchanged: true };
		},
		check: `(Backup Infrastructure > ${add.consoleList}) whether a ${add.what} named "${add.name}" was added`,
	};
}
