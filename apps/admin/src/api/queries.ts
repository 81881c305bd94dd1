// The hooks that lived here moved to one module per resource; these names stay for the pages that still import
// them from here.
export { useAllMachines, useMachineTypes } from './machines';
export { useDevices } from './devices';
export { useQualifications } from './qualifications';
export { useSites } from './sites';
export { useStaffAccounts } from './staff';
