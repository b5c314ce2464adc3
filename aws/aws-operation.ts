/**
 * The port between the AWS-compatible endpoint (`/aws`: SigV4, wire protocols, error formats) and the services behind
 * it (CloudWatch, CloudWatch Logs). A service is a table of operations by their AWS name (`PutMetricData`,
 * `PutLogEvents`); each takes the request's input as the service model's structure (member names as in the model,
 * timestamps as epoch milliseconds, blobs as Buffers) and returns the output structure in the same terms. The
 * protocol layer decodes and encodes; operations never see a wire format.
 */

/** Who is calling and where, as the signature established. */
export interface AwsCallContext {
  /** The access key id that signed the request. */
  accessKeyId: string;
  /** The region in the signature's credential scope (ARNs use it). */
  region: string;
  /** The account id the configured credentials belong to (ARNs use it). */
  accountId: string;
  /** The request id echoed in the response metadata and errors. */
  requestId: string;
}

export type AwsInput = Record<string, unknown>;
export type AwsOutput = Record<string, unknown>;

/** One operation: input structure → output structure; throws AwsError for the service's modelled errors. */
export type AwsOperation = (input: AwsInput, ctx: AwsCallContext) => Promise<AwsOutput>;

/** A service's operations by name. An operation missing from the table is answered as not supported. */
export type AwsOperations = Readonly<Record<string, AwsOperation>>;

/**
 * An error the client parses: `code` is the service's error code (`ValidationError`, `ResourceNotFoundException`,
 * `InvalidParameterValue`, …), `status` its HTTP status, `sender` whether the caller is at fault (Query errors'
 * `<Type>Sender|Receiver</Type>`).
 */
export class AwsError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status = 400,
    readonly sender = status < 500,
  ) {
    super(message);
    this.name = 'AwsError';
  }
}
