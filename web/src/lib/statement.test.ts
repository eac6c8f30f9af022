import { withoutLeadingTitle } from './statement';

describe('withoutLeadingTitle', () => {
  it('drops a first heading that repeats the title', () => {
    expect(withoutLeadingTitle('# Tied conv\n\nBody $x$', 'Tied conv')).toBe('Body $x$');
  });
  it('keeps any other heading', () => {
    expect(withoutLeadingTitle('# Something else\nBody', 'Tied conv')).toBe('# Something else\nBody');
    expect(withoutLeadingTitle('## Tied conv\nBody', 'Tied conv')).toBe('## Tied conv\nBody');
  });
});
