/**
 * The `ec2` recovery provider: an instance by id and region, through `@aws-sdk/client-ec2` with the standard AWS
 * credential chain. No configuration of its own: an action names the instance (`instanceId`, `region`, `mode`).
 */
import type { RecoveryProviderPlugin } from '../../core/provider.ts';
import { Ec2RecoveryProvider } from './ec2-provider.ts';
import { ec2TargetSchema, type Ec2Target } from './ec2-target.ts';

export const ec2: RecoveryProviderPlugin<Ec2Target, unknown> = {
  type: 'ec2',
  port: 'recovery',
  targetSchema: ec2TargetSchema,
  // The schema says all that can be known without asking EC2 (credentials are resolved on first use).
  checkTarget: () => [],
  // Connects lazily, per region: a host without AWS credentials builds it fine and fails only when it is used.
  create: () => new Ec2RecoveryProvider(),
};
