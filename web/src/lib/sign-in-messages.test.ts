import { tooManySignInsMessage, waitText } from './sign-in-messages';

describe('sign-in throttle messages', () => {
  it('rounds waits up to whole seconds, then whole minutes', () => {
    expect([0, 1, 1.2, 59, 60, 61, 900].map(waitText)).toEqual(['1 second', '1 second', '2 seconds', '59 seconds', '1 minute', '2 minutes', '15 minutes']);
  });

  it('says what happened and how long to wait', () => {
    expect(tooManySignInsMessage(840)).toMatchInlineSnapshot(`"Too many sign-in attempts. For your account's safety, try again in 14 minutes."`);
  });
});
