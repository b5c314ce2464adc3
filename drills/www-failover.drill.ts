import { defineDrill } from 'canarykit';

// The demo's failover drill: the primary (behind the `www-primary` fault proxy) answers 503; the canary fails,
// `www-down` goes to ALARM, DNS fails over to the secondary; after the revert it all comes back.
export default defineDrill({
  name: 'www-failover',
  steadyState: { alarms: { 'www-down': 'OK' }, canaries: ['www-home'], for: 3 }, // seconds of green before the fault
  faults: [{ type: 'http', proxy: 'www-primary', status: 503 }],
  expect: [
    // while the fault is active
    { alarm: 'www-down', state: 'ALARM', within: 10 },
    { dns: 'www.demo.test', serves: 'secondary', within: 15 },
  ],
  holdFor: 5, // keep the fault this long after the expectations pass
  recover: [
    // after the revert
    { alarm: 'www-down', state: 'OK', within: 20 },
    { dns: 'www.demo.test', serves: 'primary', within: 30 },
  ],
  lease: 30,
});
