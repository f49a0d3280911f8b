import { expect } from 'chai';
import { closeBrowser, openPage, screenshot, signInAs } from './browser.ts';
import { makeCategory, makeDepartment, signedIn, uniq } from '../helpers/factories.ts';
import { hotline, ok, replied } from '../helpers/tickets.ts';
import { testApp } from '../helpers/test-app.ts';
import { ctiClient, newPhone } from '../helpers/calls.ts';
import { fromDbTime } from '../../server/lib/db.ts';

describe('operator console (browser)', () => {
  after(closeBrowser);

  it("logs a call into an order dispatched to the category's department, in one screen", async () => {
    const dept = await makeDepartment();
    const category = await makeCategory(dept.id);
    const { user } = await signedIn('operator');
    const { context, page, errors } = await openPage();
    try {
      await signInAs(page, user.username);
      await page.waitForURL(/\/console/);
      await page.waitForSelector('#intake-form');
      expect(await page.textContent('#call-timer')).to.include('等待来电');
      // The form waited idle: the call begins when the operator starts typing, not when the page opened.
      await page.waitForTimeout(1200);
      const typing = Date.now();
      const title = uniq('路灯损坏');
      await page.fill('[name=caller_phone]', '139-0000-1234');
      await page.fill('[name=caller_name]', '李女士');
      // The dispatch catalogue names the department as soon as the category is chosen.
      await page.selectOption('[name=category_id]', String(category.id));
      expect(await page.inputValue('[name=department_id]')).to.equal(String(dept.id));
      await page.fill('[name=title]', title);
      await page.fill('[name=description]', '小区北门路灯已坏一周，夜间出行不便。');
      await page.fill('[name=address]', '东城区和平里小区北门');
      await page.click('[data-mode=dispatch]');
      const toast = await page.waitForSelector('.toast.ok');
      expect(await toast.textContent()).to.include(dept.name);

      const { services } = await testApp();
      const ticket = await services.db('tickets').where({ title }).first();
      expect(ticket).to.include({
        status: 'dispatched',
        department_id: dept.id,
        category_id: category.id,
        caller_phone: '13900001234',
      });
      // No telephone system reported this call: the console logged it, without a wait nobody measured.
      const call = await services.db('calls').where({ id: ticket.call_id }).first();
      expect(call).to.include({
        caller_phone: '13900001234',
        ticket_id: ticket.id,
        operator_id: user.id,
        wait_s: null,
        cti_key_id: null,
      });
      expect(Boolean(call.answered)).to.equal(true);
      expect(fromDbTime(call.started_at)!.getTime()).to.be.at.least(typing - 500);
      expect(call.talk_s).to.be.below(60);
      // Ready for the next call: an empty form.
      expect(await page.inputValue('[name=title]')).to.equal('');
      expect(await page.textContent('#last-order')).to.include(ticket.number);
      await screenshot(page, 'console-dispatched');
      expect(errors).to.deep.equal([]);
    } finally {
      await context.close();
    }
  });

  it(
    'links an order to the call the telephone system reported, ' +
      'adding none, also for a second order from that call',
    async () => {
      const h = await hotline();
      const cti = await ctiClient(h);
      const { user } = await signedIn('operator');
      const phone = newPhone();
      const { services } = await testApp();
      // The telephone system reported the call as the operator answered it, a minute ago, from +86….
      const reported = await ok(
        cti.post({
          caller_phone: `+86 ${phone}`,
          started_at: new Date(Date.now() - 60_000).toISOString(),
          answered: true,
          wait_s: 9,
          talk_s: 0,
          operator_id: user.id,
          external_id: uniq('cti'),
        }),
        201,
      );
      const { context, page, errors } = await openPage();
      try {
        await signInAs(page, user.username);
        await page.waitForSelector('#intake-form');
        const title = uniq('供暖不热');
        await page.fill('[name=caller_phone]', phone);
        await page.fill('[name=title]', title);
        await page.fill('[name=description]', '家中暖气温度不足十六度。');
        await page.click('[data-mode=save]');
        await page.waitForSelector('.toast.ok');
        const ticket = await services.db('tickets').where({ title }).first();
        expect(ticket.call_id).to.equal(reported.id);
        expect((await services.db('calls').where({ id: reported.id }).first()).ticket_id).to.equal(ticket.id);
        // The caller has a second matter: another order from the same call.
        await page.click('#same-call');
        expect(await page.inputValue('[name=caller_phone]')).to.equal(phone);
        const second = uniq('路面积水');
        await page.fill('[name=title]', second);
        await page.fill('[name=description]', '小区门口路面积水。');
        await page.click('[data-mode=save]');
        // Done when the form shows the second order as the one just logged.
        await page.waitForFunction(
          (first) => !document.querySelector('#last-order')?.textContent?.includes(first),
          ticket.number,
        );
        expect((await services.db('tickets').where({ title: second }).first()).call_id).to.equal(reported.id);
        expect(await services.db('calls').where({ operator_id: user.id })).to.have.length(1);
        expect(errors).to.deep.equal([]);
      } finally {
        await context.close();
      }
    },
  );

  it(
    'writes an order while calling a missed number back: no ' +
      'inbound call, the callback done as called back by the operator',
    async () => {
      const h = await hotline();
      const cti = await ctiClient(h);
      const { user } = await signedIn('operator');
      const phone = newPhone();
      const { services } = await testApp();
      // Missed long ago, so it heads the oldest-first queue whatever else waits.
      const missed = await ok(
        cti.post({
          caller_phone: phone,
          started_at:
            `1995-0${1 + Math.floor(Math.random() * 9)}-1${Math.floor(Math.random() * 9)}` +
            `T0${Math.floor(Math.random() * 9)}:00:00+08:00`,
          answered: false,
          wait_s: 45,
          talk_s: 0,
        }),
        201,
      );
      const { context, page, errors } = await openPage();
      try {
        await signInAs(page, user.username);
        await page.click('#tab-missed');
        await page.click(`#missed tr[data-key="${missed.callback_id}"]`);
        await page.waitForSelector('#missed .dial');
        await page.click('#missed .detail button.secondary');
        await page.waitForSelector('#callback-note:not([hidden])');
        expect(await page.inputValue('[name=caller_phone]')).to.equal(phone);
        const title = uniq('回拨登记');
        await page.fill('[name=title]', title);
        await page.fill('[name=description]', '回拨居民，反映小区垃圾未清运。');
        await screenshot(page, 'console-callback-order');
        await page.click('[data-mode=save]');
        expect(await (await page.waitForSelector('.toast.ok')).textContent()).to.include('回拨已完成');
        const ticket = await services.db('tickets').where({ title }).first();
        expect(ticket).to.include({ call_id: null, caller_phone: phone, channel: 'phone' });
        const callback = await services.db('missed_call_callbacks').where({ id: missed.callback_id }).first();
        expect(callback).to.include({ status: 'done', outcome: 'called_back', done_by: user.id, ticket_id: ticket.id });
        expect(callback.note).to.include(ticket.number);
        // The queue and the connection rate are untouched: the only call from the number is the missed one.
        expect((await services.db('calls').where({ caller_phone: phone })).map((c: any) => c.id)).to.deep.equal([
          missed.id,
        ]);
        expect(await services.db('calls').where({ operator_id: user.id })).to.have.length(0);
        expect(errors).to.deep.equal([]);
      } finally {
        await context.close();
      }
    },
  );

  it('shows what the server refused next to the fields, and a possible duplicate to merge into', async () => {
    const h = await hotline();
    const phone = `137${String(Date.now()).slice(-8)}`;
    const open = await ok(
      h.operator.post('/api/v1/tickets', {
        channel: 'phone',
        type: 'complaint',
        urgency: 'normal',
        title: uniq('噪音扰民'),
        description: '夜间施工',
        caller_phone: phone,
      }),
      201,
    );
    const { context, page, errors } = await openPage();
    try {
      await signInAs(page, h.users.operator.user.username);
      await page.waitForSelector('#intake-form');
      await page.fill('[name=caller_phone]', phone);
      await page.click('[data-mode=save]');
      // Title and description are required: the server's words under each field.
      await page.waitForSelector('[name=title][aria-invalid=true]');
      expect(
        await page.textContent('#intake-form .field:has([name=title]) + .field-error, #intake-form .field-error'),
      ).to.include('不能为空');
      expect(await page.getAttribute('[name=description]', 'aria-invalid')).to.equal('true');

      const dupe = await page.waitForSelector(`#dupes [data-ticket="${open.id}"]`);
      expect(await dupe.textContent()).to.include(open.number);
      await page.fill('[name=title]', '同一工地夜间施工');
      await page.fill('[name=description]', '再次来电反映同一工地夜间施工。');
      await screenshot(page, 'console-duplicate');
      await page.click(`#dupes [data-ticket="${open.id}"] [data-mode=merge]`);
      expect(await (await page.waitForSelector('.toast.ok')).textContent()).to.include(open.number);
      const { services } = await testApp();
      const merged = await services.db('tickets').where({ title: '同一工地夜间施工', merged_into_id: open.id }).first();
      expect(merged.status).to.equal('merged');
      expect(errors).to.deep.equal([]);
    } finally {
      await context.close();
    }
  });

  it('calls a resident back: a bad rating needs its reason, then the order goes back to the department', async () => {
    const h = await hotline();
    const t = await replied(h, { title: uniq('回访测试') });
    const { context, page, errors } = await openPage();
    try {
      await signInAs(page, h.users.operator.user.username);
      await page.click('#tab-callback');
      await page.click(`#callback tr[data-key="${t.id}"]`);
      await page.waitForSelector('form[data-action=callback]');
      await page.check('form[data-action=callback] input[name=contacted][value=yes]');
      await page.check('form[data-action=callback] input[name=solved][value=no]');
      await page.check('form[data-action=callback] input[name=score][value="2"]');
      await page.click('form[data-action=callback] button[type=submit]');
      await page.waitForSelector('form[data-action=callback] [name=reason][aria-invalid=true]');
      expect(await page.textContent('form[data-action=callback] .field-error')).to.include('差评须填写原因');
      await page.fill('form[data-action=callback] [name=reason]', '施工仍在继续');
      await page.click('form[data-action=callback] button[type=submit]');
      expect(await (await page.waitForSelector('.toast.ok')).textContent()).to.include('重办');
      const { services } = await testApp();
      const after = await services.db('tickets').where({ id: t.id }).first();
      expect(after).to.include({ status: 'dispatched', department_id: h.dept.id, reopen_count: 1 });
      await screenshot(page, 'console-callback');
      expect(errors).to.deep.equal([]);
    } finally {
      await context.close();
    }
  });

  it('answers an inquiry directly from a knowledge article, closing it without a department', async () => {
    const h = await hotline();
    const keyword = uniq('公积金');
    const article = await ok(
      h.supervisor.post('/api/v1/knowledge', {
        title: `${keyword}提取条件`,
        body: '购买、建造自住住房，偿还购房贷款本息，或离休、退休的，可以申请提取住房公积金。',
        keywords: [keyword],
      }),
      201,
    );
    const { context, page, errors } = await openPage();
    try {
      await signInAs(page, h.users.operator.user.username);
      await page.waitForSelector('#intake-form');
      await page.selectOption('[name=type]', 'inquiry');
      await page.fill('[name=title]', `${keyword}提取`);
      await page.fill('[name=description]', '来电咨询提取住房公积金需要什么条件。');
      // The title is searched in the knowledge base as it is typed.
      await page.click(`#kb [data-article="${article.id}"] .kb-title`);
      await page.click(`#kb [data-article="${article.id}"] [data-action=use-article]`);
      expect(await page.inputValue('[name=resolution]')).to.include('可以申请提取住房公积金');
      await screenshot(page, 'console-answer');
      await page.click('[data-mode=answer]');
      expect(await (await page.waitForSelector('.toast.ok')).textContent()).to.include('直接答复');
      const { services } = await testApp();
      const ticket = await services
        .db('tickets')
        .where({ title: `${keyword}提取` })
        .first();
      expect(ticket).to.include({ status: 'closed', department_id: null, type: 'inquiry' });
      expect((await ok(h.supervisor.get(`/api/v1/knowledge/${article.id}`))).use_count).to.equal(1);
      expect(errors).to.deep.equal([]);
    } finally {
      await context.close();
    }
  });

  it('speaks English when asked', async () => {
    const { user } = await signedIn('operator');
    const { context, page } = await openPage();
    try {
      await signInAs(page, user.username);
      await page.goto('/console?lang=en');
      await page.waitForSelector('#intake-form');
      expect(await page.textContent('#tab-intake')).to.include('New call');
      expect(await page.textContent('[data-mode=dispatch]')).to.equal('Log and dispatch');
      expect(await page.getAttribute('html', 'lang')).to.equal('en');
    } finally {
      await context.close();
    }
  });
});
