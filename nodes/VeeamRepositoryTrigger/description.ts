import type { INodeProperties } from 'n8n-workflow';

import { repositoryTypeOptions } from '../shared/repositoryTypes';
import { DEFAULT_EVENTS } from './settings';

// Defaults match settings.ts (the event list comes from there; test/unit/triggerParts.test.ts checks the rest).
export const properties: INodeProperties[] = [
	{
		displayName: 'Events',
		name: 'events',
		type: 'multiOptions',
		required: true,
		options: [
			{
				name: 'Became Out of Date',
				value: 'becameOutOfDate',
				description:
					'A repository reports that its Veeam components need an upgrade (API 1.3 and later)',
			},
			{
				name: 'Came Online',
				value: 'cameOnline',
				description: 'A repository that was offline is online again',
			},
			{
				name: 'Extent Status Changed',
				value: 'extentStatusChanged',
				description:
					'The status of a scale-out performance extent changes (Normal, Sealed, Maintenance, Evacuate, …)',
			},
			{
				name: 'Forecast Full',
				value: 'forecastFull',
				description:
					'The free-space trend of recent polls says the repository will be full within Forecast Days',
			},
			{
				name: 'Free Space Recovered',
				value: 'freeSpaceRecovered',
				description:
					'A repository reported low on space has free space above the threshold plus the recovery margin again',
			},
			{
				name: 'Immutability Changed',
				value: 'immutabilityChanged',
				description:
					'Immutability of a repository changes in any other way: enabled, a longer period, another mode',
			},
			{
				name: 'Immutability Disabled (Critical)',
				value: 'immutabilityDisabled',
				description:
					'A repository whose backups were immutable is not any more (reads the repository settings on every poll)',
			},
			{
				name: 'Immutability Reduced',
				value: 'immutabilityReduced',
				description: 'The immutable period of a repository got shorter',
			},
			{
				name: 'Low Free Space',
				value: 'lowFreeSpace',
				description: 'Free space falls below the percentage threshold or the GB threshold',
			},
			{
				name: 'Repository Added',
				value: 'repositoryAdded',
				description: 'VBR lists a repository it did not list before',
			},
			{
				name: 'Repository Removed',
				value: 'repositoryRemoved',
				description: 'VBR no longer lists a repository',
			},
			{
				name: 'Repository Settings Changed',
				value: 'repositorySettingsChanged',
				description:
					'Configuration drift: any setting of a repository (path, host, mount server, limits, type-specific settings) changed, field by field',
			},
			{
				name: 'Went Offline',
				value: 'wentOffline',
				description: 'A repository that was online is offline',
			},
		],
		default: [...DEFAULT_EVENTS],
		description: 'The changes that start the workflow, one item per repository and event',
	},
	{
		displayName: 'Free Space Threshold (%)',
		name: 'freeSpaceThresholdPercent',
		type: 'number',
		typeOptions: { minValue: 0, maxValue: 100, numberPrecision: 2 },
		default: 10,
		description:
			'Low Free Space fires when free space falls below this share of the capacity; 0 turns the percentage threshold off (then set a GB threshold in the options)',
		displayOptions: { show: { events: ['lowFreeSpace', 'freeSpaceRecovered'] } },
	},
	{
		displayName: 'Forecast Days',
		name: 'forecastDays',
		type: 'number',
		typeOptions: { minValue: 0.1, numberPrecision: 1 },
		default: 7,
		description:
			'Forecast Full fires when the trend says the repository is full within this many days',
		displayOptions: { show: { events: ['forecastFull'] } },
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'Exclude Fields',
				name: 'excludeFields',
				type: 'string',
				default: '',
				placeholder: 'e.g. description, mountServer.*',
				description:
					'Repository Settings Changed: comma-separated setting paths to ignore; * matches any characters',
			},
			{
				displayName: 'Exclude Names',
				name: 'excludeNames',
				type: 'string',
				default: '',
				placeholder: 'e.g. Test*, *-tmp',
				description:
					'Comma-separated repository names to ignore; * matches any characters, case-insensitive',
			},
			{
				displayName: 'Exclude Types',
				name: 'excludeTypes',
				type: 'multiOptions',
				options: repositoryTypeOptions,
				default: [],
				description:
					'Repository types to ignore; the old and new name of a renamed type (DDBoost, DellDataDomain) both match',
			},
			{
				displayName: 'Forecast Window (Hours)',
				name: 'forecastWindowHours',
				type: 'number',
				typeOptions: { minValue: 0.1, numberPrecision: 1 },
				default: 24,
				description:
					'How far back the free-space trend looks; the trigger keeps 8 samples spread over this window',
			},
			{
				displayName: 'Free Space Threshold (GB)',
				name: 'freeSpaceThresholdGB',
				type: 'number',
				typeOptions: { minValue: 0, numberPrecision: 2 },
				default: 0,
				description:
					'Low Free Space also fires when free space falls below this many GB; 0 turns it off',
			},
			{
				displayName: 'Group Repositories on the Same Volume',
				name: 'groupByVolume',
				type: 'boolean',
				default: false,
				description:
					'Whether repositories of one host that report the same capacity and free space count as one volume: Low Free Space, Free Space Recovered and Forecast Full then fire once for the volume, listing all its repositories',
			},
			{
				displayName: 'Include Fields',
				name: 'includeFields',
				type: 'string',
				default: '',
				placeholder: 'e.g. repository.*, bucket.immutability.*',
				description:
					'Repository Settings Changed: comma-separated setting paths to report (all when empty); * matches any characters',
			},
			{
				displayName: 'Include Names',
				name: 'includeNames',
				type: 'string',
				default: '',
				placeholder: 'e.g. Prod*, SOBR Extent*',
				description:
					'Comma-separated repository names to watch (all when empty); * matches any characters, case-insensitive',
			},
			{
				displayName: 'Include Types',
				name: 'includeTypes',
				type: 'multiOptions',
				options: repositoryTypeOptions,
				default: [],
				description:
					'Repository types to watch (all when empty); the old and new name of a renamed type (DDBoost, DellDataDomain) both match',
			},
			{
				displayName: 'Page Size',
				name: 'pageSize',
				type: 'number',
				typeOptions: { minValue: 1 },
				default: 1000,
				description:
					'How many repository states to request per call; the trigger reads all of them on every poll',
			},
			{
				displayName: 'Recovery Margin (%)',
				name: 'recoveryMarginPercent',
				type: 'number',
				typeOptions: { minValue: 0, maxValue: 100, numberPrecision: 2 },
				default: 5,
				description:
					'Free Space Recovered needs free space this many percentage points of the capacity above each threshold, so a repository hovering at the threshold does not flap',
			},
			{
				displayName: 'Report Current Problems on First Poll',
				name: 'emitCurrentProblems',
				type: 'boolean',
				default: false,
				description:
					'Whether the first poll after activation reports repositories that are already offline, low on space, out of date or in a non-normal extent status, instead of only recording them',
			},
			{
				displayName: 'Scale-Out Repositories as a Whole',
				name: 'scaleOutAsWhole',
				type: 'boolean',
				default: false,
				description:
					'Whether Low Free Space, Free Space Recovered and Forecast Full also fire for each scale-out repository, over its performance extents that can still take new backups (not sealed, in maintenance or being evacuated); reads the scale-out repositories on every poll',
			},
			{
				displayName: 'Sustained For (Polls)',
				name: 'sustainedForPolls',
				type: 'number',
				typeOptions: { minValue: 1, maxValue: 1000 },
				default: 1,
				description:
					'How many consecutive polls a change must hold before it fires (also how many polls a repository must be missing to count as removed)',
			},
		],
	},
];
