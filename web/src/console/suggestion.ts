// The suggested dispatch under the order being typed (docs/rules/intake.md "Suggested dispatch"): the category and
// unit the city's past orders point to, with the model's confidence, and one button to take them. It only ever
// fills the form when the operator clicks 采用, and then never a choice the operator made by hand (the intake form
// says which those are).
import { ApiError, get } from '../api.ts';
import { t } from '../i18n.ts';
import { debounce, fill, h } from '../ui/dom.ts';
import './suggestion-messages.ts';

interface Named {
  id: number;
  name: string;
  confidence: number;
}

export interface Suggestion {
  category: Named & { code: string | null };
  department: Named | null;
  alternatives: (Named & { code: string | null })[];
}

export interface SuggestionHost {
  /** The words typed so far. */
  text(): { title: string; description: string; address: string };
  /**
   * What the form holds against the suggestion: `kept` when the operator chose another category by hand,
   * `adopted` when it already holds the suggestion, else `open` (adopting would fill something).
   */
  state(s: Suggestion): 'open' | 'adopted' | 'kept';
  /** Fills the category and the unit, leaving what the operator chose by hand. */
  adopt(s: Suggestion): void;
}

// A model is never certain: 99.6% reads 99%, not 100%.
const percent = (p: number) => `${Math.min(99, Math.round(p * 100))}%`;
/** Alternatives below this are noise to an operator on the phone. */
const WORTH_NAMING = 0.05;

export class SuggestionLine {
  readonly el = h('div', { class: 'suggestion', id: 'suggestion', role: 'status', hidden: true });
  /** Debounced: asked at most once per pause in the typing. */
  readonly typed = debounce(() => void this.look(), 500);
  private seq = 0;
  private available = true;
  private shown: Suggestion | null = null;

  constructor(private readonly host: SuggestionHost) {}

  /** A new call: nothing suggested yet. */
  reset(): void {
    this.seq++;
    this.shown = null;
    this.el.hidden = true;
    fill(this.el);
  }

  /** The form changed by hand (a category chosen): the button may no longer apply. */
  refresh(): void {
    if (this.shown) this.render(this.shown);
  }

  private async look(): Promise<void> {
    if (!this.available) return;
    const { title, description, address } = this.host.text();
    const mine = ++this.seq;
    if (!title && !description) return this.reset();
    const q = new URLSearchParams({ title, description: description.slice(0, 5000), address });
    try {
      const { suggestion } = await get<{ suggestion: Suggestion | null }>(`/tickets/suggest?${q}`);
      if (mine !== this.seq) return;
      if (!suggestion) return this.reset();
      this.render(suggestion);
    } catch (err) {
      // Without the service (an older server) or with words it will not take, the line simply stays away.
      if (err instanceof ApiError && err.status === 404) this.available = false;
      if (mine === this.seq) this.reset();
    }
  }

  private render(s: Suggestion): void {
    this.shown = s;
    const state = this.host.state(s);
    const adopt = h(
      'button',
      { type: 'button', class: 'secondary small', id: 'suggestion-adopt' },
      t('c.suggestAdopt'),
    );
    adopt.addEventListener('click', () => {
      this.host.adopt(s);
      this.refresh();
    });
    fill(
      this.el,
      h(
        'span',
        { class: 'suggestion-text' },
        t('c.suggestCategory').replace('{category}', s.category.name).replace('{p}', percent(s.category.confidence)),
        ' · ',
        s.department ? t('c.suggestUnit').replace('{unit}', s.department.name) : t('c.suggestNoUnit'),
      ),
      ' ',
      state === 'open'
        ? adopt
        : h(
            'span',
            { class: 'muted small', id: 'suggestion-state' },
            t(state === 'kept' ? 'c.suggestKept' : 'c.suggestAdopted'),
          ),
      s.alternatives.some((a) => a.confidence >= WORTH_NAMING)
        ? h(
            'div',
            { class: 'muted small' },
            t('c.suggestAlso').replace(
              '{list}',
              s.alternatives
                .filter((a) => a.confidence >= WORTH_NAMING)
                .map((a) => `${a.name}（${percent(a.confidence)}）`)
                .join('、'),
            ),
          )
        : null,
    );
    this.el.hidden = false;
  }
}
