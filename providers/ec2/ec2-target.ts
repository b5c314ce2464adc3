/** What the `ec2` recovery provider acts on: one instance, in a region, and what to do with it. */
import { z } from 'zod';
import { awsRegionSchema, endpointSchema } from '../aws-credentials.ts';

/**
 * `recover` (default): as EC2's automatic recovery (CloudWatch's `arn:aws:automate:…:ec2:recover`), which has no
 * public API: the instance is stopped and started again, which moves an EBS-backed instance to healthy hardware,
 * keeping its id, private addresses, Elastic IPs and metadata; a stopped one is started. `reboot`: RebootInstances
 * (a stopped instance is started instead, since it cannot be rebooted). `start`, `stop`, `terminate`: those calls,
 * as CloudWatch's `ec2:stop` and `ec2:terminate` actions (the target is then not expected to come back up).
 */
export const ec2Modes = ['recover', 'reboot', 'start', 'stop', 'terminate'] as const;
export type Ec2Mode = (typeof ec2Modes)[number];

export const ec2TargetSchema = z.strictObject({
  /** The instance's id: `i-` and 8 or 17 hexadecimal digits. */
  instanceId: z
    .string()
    .trim()
    .regex(/^i-(?:[0-9a-f]{8}|[0-9a-f]{17})$/, { error: 'expected an instance id such as i-0abc1234def567890' }),
  region: awsRegionSchema,
  mode: z.enum(ec2Modes).default('recover'),
  /** Seconds to wait for `instance-status-ok` (both status checks passed) after the recovery. */
  waitSeconds: z.number().positive().max(3600).default(600),
  /** Seconds between DescribeInstanceStatus calls while waiting. */
  pollSeconds: z.number().min(0.01).max(60).default(5),
  /** Another endpoint than AWS's (a VPC endpoint, LocalStack, a test fake). Credentials: the standard AWS chain. */
  endpoint: endpointSchema.optional(),
});

export type Ec2Target = z.output<typeof ec2TargetSchema>;
export type Ec2TargetInput = z.input<typeof ec2TargetSchema>;
