/**
 * A fake of the EC2 API (the EC2 Query protocol, version 2016-11-15) on a loopback port, for `@aws-sdk/client-ec2`.
 * It models, from the service model (botocore's ec2/2016-11-15/service-2.json) and the API reference:
 *
 * - `POST /` with a form body `Action=…&Version=2016-11-15&InstanceId.1=…`, answered in XML in the
 *   `http://ec2.amazonaws.com/doc/2016-11-15/` namespace, with a `requestId`;
 * - DescribeInstanceStatus (`InstanceId.N`, `IncludeAllInstances`: without it only running instances are listed),
 *   with `instanceState` (code and name), `instanceStatus` and `systemStatus` (`ok`, `initializing`, `impaired`,
 *   `not-applicable`, with the `reachability` detail);
 * - StartInstances, StopInstances, RebootInstances, TerminateInstances, answering `instancesSet` with the previous
 *   and current states (RebootInstances: `<return>true</return>`);
 * - the state machine, one step per DescribeInstanceStatus of the instance (asynchrony without timing): `pending` →
 *   `running` with checks `initializing` → `ok`; `stopping` → `stopped`; `shutting-down` → `terminated`; a reboot
 *   makes the checks `initializing` for one step;
 * - `DryRun=true`: DryRunOperation (412) when the call would succeed;
 * - errors in EC2's `<Response><Errors><Error><Code>…` envelope: InvalidInstanceID.Malformed,
 *   InvalidInstanceID.NotFound, IncorrectInstanceState (rebooting a stopped instance, starting a stopping one),
 *   InsufficientInstanceCapacity (an instance set to fail its starts), InvalidAction, AuthFailure (an unknown access
 *   key or no SigV4 Authorization for service `ec2`; the signature itself is not verified).
 *
 * Not modelled: filters, pagination, scheduled events, hibernation, instance store volumes. What it models is
 * tested as requests and answers in test/providers/fake-ec2.contract.test.ts.
 */
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { XMLBuilder } from 'fast-xml-parser';

const NS = 'http://ec2.amazonaws.com/doc/2016-11-15/';
const CODES: Record<string, number> = {
  pending: 0,
  running: 16,
  'shutting-down': 32,
  terminated: 48,
  stopping: 64,
  stopped: 80,
};

export type FakeInstanceState = 'pending' | 'running' | 'shutting-down' | 'terminated' | 'stopping' | 'stopped';
type Checks = 'ok' | 'initializing' | 'impaired' | 'not-applicable';

interface Instance {
  id: string;
  state: FakeInstanceState;
  checks: Checks;
  failStarts: boolean;
}

export interface FakeEc2 {
  url: string;
  /** Every request's Action, in order. */
  actions: string[];
  state(id: string): { state: FakeInstanceState; checks: Checks } | undefined;
  /** Breaks an instance behind the API's back: stopped, or running with its instance status check impaired. */
  breakInstance(id: string, how: 'stopped' | 'impaired'): void;
  close(): Promise<void>;
}

class ApiError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status = 400,
  ) {
    super(message);
  }
}

export async function startFakeEc2(options: {
  instances: Array<{ id: string; state?: FakeInstanceState; failStarts?: boolean }>;
  accessKeyIds?: string[];
}): Promise<FakeEc2> {
  const instances = new Map<string, Instance>();
  for (const i of options.instances) {
    const state = i.state ?? 'running';
    instances.set(i.id, {
      id: i.id,
      state,
      checks: state === 'running' ? 'ok' : 'not-applicable',
      failStarts: i.failStarts ?? false,
    });
  }
  const actions: string[] = [];
  const builder = new XMLBuilder({ ignoreAttributes: false });
  const xml = (root: string, body: Record<string, unknown>) =>
    `<?xml version="1.0" encoding="UTF-8"?>\n${builder.build({ [root]: { '@_xmlns': NS, requestId: randomUUID(), ...body } }) as string}`;
  const stateXml = (s: FakeInstanceState) => ({ code: CODES[s], name: s });

  const ids = (q: URLSearchParams): Instance[] => {
    const out: Instance[] = [];
    for (let n = 1; q.has(`InstanceId.${n}`); n++) {
      const id = q.get(`InstanceId.${n}`) ?? '';
      if (!/^i-(?:[0-9a-f]{8}|[0-9a-f]{17})$/.test(id))
        throw new ApiError('InvalidInstanceID.Malformed', `Invalid id: "${id}"`);
      const i = instances.get(id);
      if (!i) throw new ApiError('InvalidInstanceID.NotFound', `The instance ID '${id}' does not exist`);
      out.push(i);
    }
    return out;
  };

  /** One step of the state machine, taken after an instance's status was described. */
  const step = (i: Instance) => {
    if (i.state === 'pending') [i.state, i.checks] = ['running', 'initializing'];
    else if (i.state === 'running' && i.checks === 'initializing') i.checks = 'ok';
    else if (i.state === 'stopping') [i.state, i.checks] = ['stopped', 'not-applicable'];
    else if (i.state === 'shutting-down') [i.state, i.checks] = ['terminated', 'not-applicable'];
  };

  const changes = (list: Instance[], to: (i: Instance) => void) =>
    list.map((i) => {
      const previous = i.state;
      to(i);
      return { instanceId: i.id, currentState: stateXml(i.state), previousState: stateXml(previous) };
    });

  function act(action: string, q: URLSearchParams): string {
    if (q.get('Version') !== '2016-11-15')
      throw new ApiError('InvalidParameterValue', `Unsupported Version ${q.get('Version') ?? ''}`);
    const dryRun = q.get('DryRun') === 'true';
    const dry = () => {
      if (dryRun) throw new ApiError('DryRunOperation', 'Request would have succeeded, but DryRun flag is set.', 412);
    };
    switch (action) {
      case 'DescribeInstanceStatus': {
        const all = q.get('IncludeAllInstances') === 'true';
        const asked = q.has('InstanceId.1') ? ids(q) : [...instances.values()];
        const listed = asked.filter((i) => all || i.state === 'running');
        dry();
        const summary = (c: Checks) => ({
          status: c,
          details: {
            item: [
              {
                name: 'reachability',
                status:
                  c === 'ok'
                    ? 'passed'
                    : c === 'impaired'
                      ? 'failed'
                      : c === 'initializing'
                        ? 'initializing'
                        : 'not-applicable',
              },
            ],
          },
        });
        const body = xml('DescribeInstanceStatusResponse', {
          instanceStatusSet: {
            item: listed.map((i) => ({
              instanceId: i.id,
              availabilityZone: 'eu-west-1a',
              instanceState: stateXml(i.state),
              instanceStatus: summary(i.state === 'running' ? i.checks : 'not-applicable'),
              systemStatus: summary(
                i.state === 'running' ? (i.checks === 'impaired' ? 'ok' : i.checks) : 'not-applicable',
              ),
            })),
          },
        });
        listed.forEach(step);
        return body;
      }
      case 'StartInstances': {
        const list = ids(q);
        for (const i of list) {
          if (i.state === 'stopping' || i.state === 'shutting-down' || i.state === 'terminated')
            throw new ApiError(
              'IncorrectInstanceState',
              `The instance '${i.id}' is not in a state from which it can be started.`,
            );
          if (i.failStarts)
            throw new ApiError(
              'InsufficientInstanceCapacity',
              `We currently do not have sufficient capacity to start ${i.id}.`,
              500,
            );
        }
        dry();
        return xml('StartInstancesResponse', {
          instancesSet: {
            item: changes(list, (i) => {
              if (i.state === 'stopped') [i.state, i.checks] = ['pending', 'not-applicable'];
            }),
          },
        });
      }
      case 'StopInstances': {
        const list = ids(q);
        for (const i of list)
          if (i.state === 'terminated' || i.state === 'shutting-down')
            throw new ApiError(
              'IncorrectInstanceState',
              `This instance '${i.id}' is not in a state from which it can be stopped.`,
            );
        dry();
        return xml('StopInstancesResponse', {
          instancesSet: {
            item: changes(list, (i) => {
              if (i.state === 'running' || i.state === 'pending') [i.state, i.checks] = ['stopping', 'not-applicable'];
            }),
          },
        });
      }
      case 'RebootInstances': {
        const list = ids(q);
        for (const i of list)
          if (i.state !== 'running')
            throw new ApiError(
              'IncorrectInstanceState',
              `The instance '${i.id}' is not in a state from which it can be rebooted.`,
            );
        dry();
        for (const i of list) i.checks = 'initializing';
        return xml('RebootInstancesResponse', { return: true });
      }
      case 'TerminateInstances': {
        const list = ids(q);
        dry();
        return xml('TerminateInstancesResponse', {
          instancesSet: {
            item: changes(list, (i) => {
              if (i.state !== 'terminated') [i.state, i.checks] = ['shutting-down', 'not-applicable'];
            }),
          },
        });
      }
      default:
        throw new ApiError('InvalidAction', `The action ${action} is not valid for this web service.`);
    }
  }

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const q = new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
      const action = q.get('Action') ?? '';
      actions.push(action);
      let status = 200;
      let text: string;
      try {
        const m = /^AWS4-HMAC-SHA256 Credential=([^/]+)\/\d{8}\/[^/]+\/([^/]+)\/aws4_request,/.exec(
          req.headers.authorization ?? '',
        );
        if (!m || m[2] !== 'ec2' || (options.accessKeyIds?.length && !options.accessKeyIds.includes(m[1] ?? '')))
          throw new ApiError('AuthFailure', 'AWS was not able to validate the provided access credentials', 401);
        if (req.method !== 'POST') throw new ApiError('InvalidAction', 'The EC2 Query API is POST / with a form body');
        text = act(action, q);
      } catch (err) {
        const e = err instanceof ApiError ? err : new ApiError('InternalError', (err as Error).message, 500);
        status = e.status;
        text = `<?xml version="1.0" encoding="UTF-8"?>\n${builder.build({ Response: { Errors: { Error: { Code: e.code, Message: e.message } }, RequestID: randomUUID() } }) as string}`;
      }
      res.writeHead(status, { 'content-type': 'text/xml;charset=UTF-8' });
      res.end(text);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    actions,
    state: (id) => {
      const i = instances.get(id);
      return i && { state: i.state, checks: i.checks };
    },
    breakInstance(id, how) {
      const i = instances.get(id);
      if (!i) return;
      if (how === 'stopped') [i.state, i.checks] = ['stopped', 'not-applicable'];
      else [i.state, i.checks] = ['running', 'impaired'];
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
