import type { INodeProperties } from 'n8n-workflow';

export const placementPolicyField: INodeProperties = {
	displayName: 'Placement Policy',
	name: 'placementPolicy',
	type: 'options',
	options: [
		{
			name: 'Data Locality',
			value: 'DataLocality',
			description: 'Keep all files of a backup chain on the same extent',
		},
		{
			name: 'Performance',
			value: 'Performance',
			description: 'Spread full and incremental files over the extents',
		},
	],
	default: 'DataLocality',
};

/** The scale-out "Add" form. */
/** The object storage repository of a capacity or archive tier, shown when the tier is on. */
function tierExtentField(
	displayName: string,
	name: string,
	tierSwitch: string,
	loadOptionsMethod: string,
): INodeProperties {
	return {
		displayName,
		name,
		type: 'options',
		description:
			'Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>',
		typeOptions: { loadOptionsMethod },
		default: '',
		required: true,
		displayOptions: { show: { [tierSwitch]: [true] } },
	};
}

export const scaleOutFormFields: INodeProperties[] = [
	{
		displayName: 'Name',
		name: 'name',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. SOBR Secondary',
	},
	{
		displayName: 'Performance Extent Names or IDs',
		name: 'performanceExtentIds',
		type: 'multiOptions',
		description:
			'Choose from the list, or specify IDs using an <a href="https://docs.n8n.io/code/expressions/">expression</a>',
		typeOptions: { loadOptionsMethod: 'getExtentCandidates' },
		default: [],
		required: true,
		hint: 'Repositories that are not yet part of a scale-out repository; an expression may also give names',
	},
	placementPolicyField,
	{
		displayName: 'Capacity Tier',
		name: 'capacityTierEnabled',
		type: 'boolean',
		default: false,
		description: 'Whether to add an object storage repository as capacity tier',
	},
	tierExtentField(
		'Capacity Extent Name or ID',
		'capacityExtentId',
		'capacityTierEnabled',
		'getObjectStorageRepositories',
	),
	{
		displayName: 'Copy Backups to Capacity Tier',
		name: 'copyPolicyEnabled',
		type: 'boolean',
		default: false,
		description: 'Whether to copy new backups to the capacity tier as soon as they are created',
		displayOptions: { show: { capacityTierEnabled: [true] } },
	},
	{
		displayName: 'Move Backups to Capacity Tier',
		name: 'movePolicyEnabled',
		type: 'boolean',
		default: true,
		description: 'Whether to move inactive backup chains older than the operational restore window',
		displayOptions: { show: { capacityTierEnabled: [true] } },
	},
	{
		displayName: 'Operational Restore Window (Days)',
		name: 'operationalRestorePeriodDays',
		type: 'number',
		typeOptions: { minValue: 0 },
		default: 14,
		displayOptions: { show: { capacityTierEnabled: [true], movePolicyEnabled: [true] } },
	},
	{
		displayName: 'Archive Tier',
		name: 'archiveTierEnabled',
		type: 'boolean',
		default: false,
		description: 'Whether to add an archive object storage repository',
	},
	tierExtentField(
		'Archive Extent Name or ID',
		'archiveExtentId',
		'archiveTierEnabled',
		'getArchiveTierCandidates',
	),
	{
		displayName: 'Archive After (Days)',
		name: 'archivePeriodDays',
		type: 'number',
		typeOptions: { minValue: 0 },
		default: 90,
		displayOptions: { show: { archiveTierEnabled: [true] } },
	},
	{
		displayName: 'Description',
		name: 'description',
		type: 'string',
		default: '',
	},
	{
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		options: [
			{
				displayName: 'Full Backup When Extent Offline',
				name: 'fullWhenExtentOffline',
				type: 'boolean',
				default: false,
				description: 'Whether to create a full backup when the extent with the chain is offline',
			},
			{
				displayName: 'Per-Machine Backup Files',
				name: 'perVmBackup',
				type: 'boolean',
				default: true,
				description: 'Whether to create a separate backup file for each machine',
			},
		],
	},
];
