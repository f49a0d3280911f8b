// The knowledge base beside the intake form (知识库): searched as the operator types the title, or by hand;
// an article can become the direct answer to an inquiry.
import { ApiError, get } from '../api.ts';
import { t } from '../i18n.ts';
import { debounce, h, fill } from '../ui/dom.ts';
import { showError } from '../ui/notice.ts';

interface Hit {
  id: number;
  title: string;
  snippet: string;
  keywords: string[];
}

export class KnowledgePanel {
  readonly el: HTMLElement;
  private input = h('input', {
    type: 'search',
    name: 'q',
    id: 'kb-q',
    placeholder: t('c.kbPlaceholder'),
    'aria-label': t('c.kb'),
  });
  private results = h('div', { class: 'kb-results', id: 'kb-results' });
  private typedByHand = false;
  private seq = 0;

  constructor(private readonly use: (text: string, id: number) => void) {
    this.el = h('section', { class: 'card kb', id: 'kb' }, h('h2', null, t('c.kb')), this.input, this.results);
    const run = debounce(() => this.search(this.input.value.trim(), false), 300);
    this.input.addEventListener('input', () => {
      this.typedByHand = this.input.value.trim() !== '';
      run();
    });
    void this.search('', false);
  }

  /** A new call: the search box empty again, open to the next title. */
  reset(): void {
    this.input.value = '';
    this.typedByHand = false;
    void this.search('', false);
  }

  /** `auto`: a search from the title being typed, which does not override what the operator typed here. */
  async search(q: string, auto: boolean): Promise<void> {
    if (auto && this.typedByHand) return;
    if (auto) this.input.value = q;
    const mine = ++this.seq;
    this.results.setAttribute('aria-busy', 'true');
    try {
      const { items } = await get<{ items: Hit[] }>(
        `/knowledge?per_page=8${q ? `&q=${encodeURIComponent(q.slice(0, 50))}` : ''}`,
      );
      if (mine !== this.seq) return;
      fill(
        this.results,
        items.length
          ? h(
              'ul',
              { class: 'kb-list' },
              items.map((a) => this.item(a)),
            )
          : h('p', { class: 'muted' }, t('c.kbNone')),
      );
    } catch (err) {
      if (mine !== this.seq) return;
      // No knowledge base on this server: no panel, rather than an error that stays on screen.
      if (err instanceof ApiError && err.status === 404) {
        this.el.hidden = true;
        return;
      }
      fill(this.results, h('p', { class: 'error' }));
      showError(err, this.results);
    } finally {
      if (mine === this.seq) this.results.removeAttribute('aria-busy');
    }
  }

  private item(a: Hit): HTMLElement {
    const body = h('div', { class: 'kb-body', hidden: true });
    const li = h(
      'li',
      { 'data-article': a.id },
      h(
        'button',
        { type: 'button', class: 'link kb-title', 'aria-expanded': 'false', onclick: () => this.open(a, body, li) },
        a.title,
      ),
      h('p', { class: 'muted small' }, a.snippet),
      body,
    );
    return li;
  }

  private async open(a: Hit, body: HTMLElement, li: HTMLElement): Promise<void> {
    const toggle = li.querySelector('button')!;
    if (!body.hidden) {
      body.hidden = true;
      toggle.setAttribute('aria-expanded', 'false');
      return;
    }
    body.hidden = false;
    toggle.setAttribute('aria-expanded', 'true');
    fill(body, h('span', { class: 'spinner' }));
    try {
      const article = await get<{ id: number; body: string }>(`/knowledge/${a.id}`);
      fill(
        body,
        h('p', { class: 'text' }, article.body),
        h(
          'button',
          {
            type: 'button',
            class: 'secondary small',
            'data-action': 'use-article',
            onclick: () => this.use(article.body, article.id),
          },
          t('c.useArticle'),
        ),
      );
    } catch (err) {
      fill(body, h('p', { class: 'error' }));
      showError(err, body);
    }
  }
}
