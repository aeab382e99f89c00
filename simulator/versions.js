// @ts-check
'use strict';

/**
 * API revisions the simulator speaks and what differs between them. Everything version-dependent asks the
 * feature object returned by `features(version)`; the internal inventory is always kept in the 1.3-rev1 shape
 * with PascalCase enums, and `shaping.js` converts at the edge.
 */

/** Newest first, as the unsupported-version message lists them. */
const ALL_VERSIONS = ['1.3-rev1', '1.3-rev0', '1.2-rev1', '1.2-rev0'];

const REPOSITORY_TYPES_12 = [
	'WinLocal', 'LinuxLocal', 'Smb', 'Nfs', 'AzureBlob', 'AzureDataBox', 'AzureArchive', 'AmazonS3',
	'AmazonSnowballEdge', 'AmazonS3Glacier', 'S3Compatible', 'GoogleCloud', 'IBMCloud', 'ExtendableRepository',
	'DDBoost', 'ExaGrid', 'HPStoreOnceIntegration', 'Quantum', 'WasabiCloud', 'LinuxHardened', 'Infinidat', 'Fujitsu',
];
const REPOSITORY_TYPES_13 = REPOSITORY_TYPES_12.concat([
	'VeeamDataCloudVault', 'S3GlacierCompatible', 'SmartObjectS3', 'Cloud', 'HPStoreOnce', 'Foreign', 'SanSnapshotOnly',
	'Tape', 'AmazonS3External', 'AzureStorageExternal', 'PlatformServiceExternal', 'GoogleCloudStorageExternal',
	'PlatformServiceVmbApi', 'AmazonS3GlacierExternal', 'GoogleArchiveStorageExternal', 'AzureArchiveStorageExternal',
	'HPStoreOnceCloudBank', 'VeeamVault', 'ElevenElevenS3', 'AbrVirtual',
]);

const SESSION_TYPES_12 = [
	'Infrastructure', 'BackupJob', 'Automation', 'ConfigurationBackup', 'PublishBackupContentViaMount',
	'RepositoryMaintenance', 'RepositoryEvacuate', 'InfrastructureItemDeletion', 'RestoreVm', 'InstantRecovery',
	'FirstClassDiskInstantRestore', 'AzureApplianceDeploy', 'QuickMigration', 'FileLevelRestore', 'LinuxFileLevelRestore',
	'ReplicaJob', 'ConfigurationResynchronize', 'Failover', 'PlannedFailover', 'PermanentFailover', 'UndoFailover',
	'Failback', 'CommitFailback', 'UndoFailback', 'SwitchReplicaToProduction', 'CloudDirectorVmRestore',
	'CloudDirectorVAppRestore', 'MalwareDetection', 'FirstClassDiskQuickMigration', 'EntraIdRestore',
	'SecurityComplianceAnalyzer', 'FileServerSave', 'SureBackup', 'NasRestore', 'UnstructuredDataBrowse',
	'UnstructuredDownloadMeta', 'DeleteBackup', 'BackgroundOperation', 'EntraIdRescanRepository',
];
const SESSION_TYPES_13 = [
	'Infrastructure', 'BackupJob', 'Automation', 'ConfigurationBackup', 'PublishBackupContentViaMount',
	'RepositoryMaintenance', 'RepositoryEvacuate', 'InfrastructureItemDeletion', 'RestoreVm', 'InstantRecovery',
	'FirstClassDiskInstantRestore', 'AzureApplianceDeploy', 'QuickMigration', 'FileLevelRestore', 'LinuxFileLevelRestore',
	'ReplicaJob', 'ConfigurationResynchronize', 'Failover', 'PlannedFailover', 'PermanentFailover', 'UndoFailover',
	'Failback', 'CommitFailback', 'UndoFailback', 'SwitchReplicaToProduction', 'CloudDirectorVmRestore',
	'CloudDirectorVAppRestore', 'MalwareDetection', 'FirstClassDiskQuickMigration', 'EntraIdRestore',
	'EntraIdRestoreFromCopy', 'UnstructuredDataBackupCopy', 'SecurityComplianceAnalyzer', 'FileServerSave', 'SureBackup',
	'NasRestore', 'LogsExport', 'TestCredentials', 'SqlLogBackup', 'OracleLogBackup', 'PostgreSqlLogBackup',
	'AzureInstantRecovery', 'AzureInstantRecoveryMigration', 'AzureInstantRecoverySwitchover', 'AzureInstantRecoveryStart',
	'AzureInstantRecoveryStop', 'AzureInstantRecoveryMigrationUndo', 'AzureInstantRecoveryMount', 'FileInstantRecovery',
	'FileInstantRecoveryMigration', 'PublishBackupContentViaNfs', 'VolumesDiscover', 'DeleteBackup',
	'BackgroundOperation', 'AgentDiscovery', 'AgentPolicy', 'AgentBackup', 'AgentOperationPurgeCache',
	'ApplianceUpdatesInstall', 'FailoverPlan', 'FailoverPlanTask', 'UnstructuredDataBrowse', 'BackupCopyJob',
	'UnstructuredDownloadMeta', 'EntraIdRescanRepository', 'HostComponentsUpdate', 'CopyBackup', 'FileBackupHealthCheck',
	'SureBackupContentScan', 'ArchiveBackup', 'ArchiveRehydration', 'ArchiveSync', 'ArchiveCopy', 'ArchiveFreezing',
	'RetrieveBackup', 'ArchiveTierDownload', 'DirectBackupSync', 'CheckpointRemoval', 'Retention',
];

/** Enums with one list of values in every supported revision (canonical = 1.3-rev1 spelling). */
const ENUMS = {
	ESessionState: ['Stopped', 'Starting', 'Stopping', 'Working', 'Pausing', 'Resuming', 'WaitingTape', 'Idle',
		'Postprocessing', 'WaitingRepository', 'WaitingSlot'],
	ESessionResult: ['None', 'Success', 'Warning', 'Failed'],
	ETaskLogRecordStatus: ['None', 'Succeeded', 'Warning', 'Failed'],
	ERepositoryFiltersOrderColumn: ['Name', 'Description', 'Type', 'Host', 'Path'],
	ERepositoryExtentStatusType: ['Normal', 'Evacuate', 'Pending', 'Sealed', 'Maintenance', 'ResyncRequired',
		'TenantEvacuating'],
	EScaleOutRepositoryExtentType: ['Performance', 'Capacity', 'Archive'],
	EMountServerSettingsType: ['Windows', 'Linux', 'Both'],
	EMountServerType: ['Windows', 'Linux'],
	EMountServersFiltersOrderColumn: ['Type', 'WriteCacheFolder'],
	EDayOfWeek: ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'],
	ELoginGrantType: ['Password', 'Refresh_token', 'Authorization_code', 'Vbr_token'],
	ERepositoryConnectionType: ['Direct', 'SelectedGateway'],
	EAmazonRegionType: ['China', 'Global', 'Government'],
	EConsumptionLimitKind: ['TB', 'PB'],
	ERotatedDriveCleanupMode: ['Disabled', 'ClearBackupFolder', 'ClearRepositoryFolder'],
	ERepositoryImmutabilityMode: ['RepositorySettings', 'RetentionSettings'],
	EPlacementPolicyType: ['DataLocality', 'Performance'],
	EAllowedBackupsType: ['All', 'FullsOnly', 'IncrementsOnly', 'None'],
	EEncryptionType: ['ByUserPassword', 'ByKms'],
	EDayNumberInMonth: ['First', 'Second', 'Third', 'Fourth', 'Last', 'OnDay'],
	EMonth: ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October',
		'November', 'December'],
	EViHostType: ['ESX', 'ESXi', 'VC'],
	EManagedServerState: ['Available', 'Unavailable', 'Any'],
	EHostUpdatesState: ['CheckInProgress', 'Installing', 'LastInstallFailed', 'Available', 'NotAvailable',
		'CheckUpdatesFailed', 'OutOfDate'],
	ECloudCredentialsType: ['AzureStorage', 'AzureCompute', 'Amazon', 'Google', 'GoogleService'],
};

/**
 * Enums whose spelling is camelCase in some revisions. 1.3-rev0 → 1.3-rev1 switched 45 enums to PascalCase; of
 * those, these are the ones this API surface emits or accepts. (ERepositoryExtentStatusType is PascalCase in the
 * 1.3-rev0 spec too, so it is not in the list.) 1.2-rev1 writes EDayOfWeek and ELoginGrantType in lower case.
 */
const CAMEL_IN = {
	'1.3-rev0': new Set(['EMountServerSettingsType', 'EMountServerType', 'EDayOfWeek', 'ELoginGrantType']),
	'1.2-rev1': new Set(['EDayOfWeek', 'ELoginGrantType']),
	'1.2-rev0': new Set(['EDayOfWeek', 'ELoginGrantType']),
	'1.3-rev1': new Set(),
};

/**
 * @typedef {object} Features
 * @property {string} version
 * @property {boolean} is13 1.3-rev0 or later
 * @property {boolean} rev1of13 1.3-rev1 or later
 * @property {boolean} rescan POST repositories/rescan exists (1.2-rev1+)
 * @property {boolean} mountServersApi /backupInfrastructure/mountServers exists (1.3+)
 * @property {boolean} splitMountServer repository mountServer is MountServersSettingsModel (1.3+)
 * @property {boolean} extentStatusArray PerformanceExtentModel.status is an array (1.3+)
 * @property {boolean} statesV13 states carry isOutOfDate and scaleOutRepositoryDetails, and their 1.3 filters
 * @property {boolean} arrayTypeFilters typeFilter on repositories/managedServers is an array (1.3+)
 * @property {boolean} importOptions repository models carry importOptions (1.3-rev1)
 * @property {boolean} importSpec RepositorySpec accepts importBackup/importIndex (1.3+)
 * @property {boolean} s3AutoProvision S3CompatibleStorageBucketModel.enableAutoProvision etc. (1.3-rev1)
 * @property {boolean} smbCredentialsOptional SmbRepositoryShareSettingsModel.credentialsId optional (1.3-rev1)
 * @property {boolean} objectImmutability13 immutabilityMode, AzureBlob/Google immutability, archive immutability (1.3+)
 * @property {boolean} relatedSessionId SessionModel.relatedSessionId (1.3-rev1)
 * @property {boolean} initiatedBy SessionModel.initiatedBy (1.3+)
 * @property {string[]} repositoryTypes ERepositoryType values
 * @property {string[]} sessionTypes ESessionType values
 * @property {Set<string>} camelEnums enums written in camelCase in this revision
 */

/** @type {Map<string, Features>} */
const cache = new Map();

/** @param {string} version */
function features(version) {
	let f = cache.get(version);
	if (f) return f;
	const [line, rev] = version.split('-rev');
	const is13 = line === '1.3';
	const rev1of13 = is13 && Number(rev) >= 1;
	f = Object.freeze({
		version,
		is13,
		rev1of13,
		rescan: is13 || Number(rev) >= 1,
		mountServersApi: is13,
		splitMountServer: is13,
		extentStatusArray: is13,
		statesV13: is13,
		arrayTypeFilters: is13,
		importOptions: rev1of13,
		importSpec: is13,
		s3AutoProvision: rev1of13,
		smbCredentialsOptional: rev1of13,
		objectImmutability13: is13,
		relatedSessionId: rev1of13,
		initiatedBy: is13,
		repositoryTypes: is13 ? REPOSITORY_TYPES_13 : REPOSITORY_TYPES_12,
		sessionTypes: is13 ? SESSION_TYPES_13 : SESSION_TYPES_12,
		camelEnums: CAMEL_IN[/** @type {keyof typeof CAMEL_IN} */ (version)] || new Set(),
	});
	cache.set(version, f);
	return f;
}

/** @param {string} s */
function lowerFirst(s) {
	return s.charAt(0).toLowerCase() + s.slice(1);
}

/**
 * Spell a canonical (PascalCase) enum value the way this revision writes it.
 * @param {Features} f @param {string} enumName @param {string} value
 */
function enumOut(f, enumName, value) {
	return f.camelEnums.has(enumName) ? lowerFirst(value) : value;
}

/**
 * Case-insensitive lookup of an enum value (ASP.NET binds enums case-insensitively); undefined when unknown.
 * @param {readonly string[]} values @param {unknown} raw
 */
function canonicalEnum(values, raw) {
	if (typeof raw !== 'string') return undefined;
	const lower = raw.toLowerCase();
	return values.find((v) => v.toLowerCase() === lower);
}

/** Newest-first ordering of a list of versions. @param {string[]} list */
function sortNewestFirst(list) {
	return ALL_VERSIONS.filter((v) => list.includes(v));
}

module.exports = {
	ALL_VERSIONS,
	ENUMS,
	REPOSITORY_TYPES_12,
	REPOSITORY_TYPES_13,
	features,
	enumOut,
	canonicalEnum,
	sortNewestFirst,
};
