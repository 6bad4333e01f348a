import { ElForm, ElFormItem, ElInput } from 'element-plus';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createApp, defineComponent, h, nextTick, ref, type App } from 'vue';
import { ApiError } from '@/api/errors';
import { bodyLimits } from '@/api/limits';
import FormDialog from '@/components/FormDialog.vue';
import ReasonDialog from '@/components/ReasonDialog.vue';
import { useServerErrors } from '@/composables/useErrors';
import { i18n } from '@/locales';

// FormDialog and ReasonDialog mounted for real (Element Plus and all): the dialog is teleported
// to <body>, so the checks look there.

let app: App | null = null;

afterEach(() => {
  app?.unmount();
  app = null;
  document.body.innerHTML = '';
});

function mount(render: () => ReturnType<typeof h>) {
  const el = document.createElement('div');
  document.body.appendChild(el);
  app = createApp(defineComponent({ render }));
  app.use(i18n);
  app.mount(el);
}

async function settle() {
  for (let i = 0; i < 5; i++) {
    await Promise.resolve();
    await nextTick();
  }
}

function button(testid: string): HTMLButtonElement {
  const b = document.querySelector<HTMLButtonElement>(`[data-testid="${testid}"]`);
  if (!b) throw new Error(`no button ${testid}`);
  return b;
}

/** The error shown under the field labelled `label` (Element Plus shows it after a 100 ms debounce). */
async function fieldError(label: string): Promise<string> {
  await new Promise((resolve) => setTimeout(resolve, 150));
  const item = [...document.querySelectorAll('.el-form-item')].find((i) => i.querySelector('label')?.textContent === label);
  return item?.querySelector('.el-form-item__error')?.textContent?.trim() ?? '';
}

/** A dialog with two fields, "code" checked on the client and "name" left to the server. */
function nameDialog(action: () => Promise<unknown>) {
  const open = ref(true);
  const code = ref('');
  const errors = useServerErrors(['code', 'name'] as const);
  const validate = () => errors.check({ code: code.value ? null : { key: 'common.field_required', params: { field: 'code' } } });
  mount(() =>
    h(
      FormDialog,
      {
        modelValue: open.value,
        'onUpdate:modelValue': (v: boolean) => (open.value = v),
        title: 'Dialog',
        action,
        errors,
        validate,
        submitTestid: 'submit',
      },
      () =>
        h(ElForm, { labelPosition: 'top' }, () => [
          h(ElFormItem, { label: 'Code', error: errors.fieldErrors.code }, () => h(ElInput, { modelValue: code.value })),
          h(ElFormItem, { label: 'Name', error: errors.fieldErrors.name }, () => h(ElInput, { modelValue: '' })),
        ]),
    ),
  );
  return { open, code, errors };
}

describe('FormDialog', () => {
  it('shows client and server field errors in one object, beside their fields', async () => {
    const action = vi.fn().mockRejectedValue(new ApiError(409, { key: 'identity.department_name_taken', details: { name: 'ROOT' } }));
    const d = nameDialog(action);
    await settle();

    button('submit').click();
    await settle();
    expect(action).not.toHaveBeenCalled();
    expect(d.errors.fieldErrors.code).toContain('为必填项');
    expect(await fieldError('Code')).toContain('为必填项');

    d.code.value = 'X1';
    button('submit').click();
    await settle();
    expect(action).toHaveBeenCalledOnce();
    // The client's error is gone, the server's is beside the field it names.
    expect(d.errors.fieldErrors.code).toBe('');
    expect(d.errors.fieldErrors.name).not.toBe('');
    expect(await fieldError('Name')).toBe(d.errors.fieldErrors.name);
    expect(d.open.value).toBe(true);
  });

  it('shows the submit button loading while the action runs, then closes', async () => {
    let finish: () => void = () => {};
    const action = vi.fn(() => new Promise<void>((resolve) => (finish = resolve)));
    const d = nameDialog(action);
    d.code.value = 'X1';
    await settle();

    button('submit').click();
    await settle();
    expect(button('submit').classList.contains('is-loading')).toBe(true);
    // A second click while it runs sends nothing more.
    button('submit').click();
    await settle();
    expect(action).toHaveBeenCalledOnce();
    expect(d.open.value).toBe(true);

    finish();
    await settle();
    expect(d.open.value).toBe(false);
    expect(button('submit').classList.contains('is-loading')).toBe(false);
  });

  it('stays open on a failure that names no field and toasts it', async () => {
    const action = vi.fn().mockRejectedValue(new ApiError(503, { key: 'network.offline' }));
    const d = nameDialog(action);
    d.code.value = 'X1';
    await settle();

    button('submit').click();
    await settle();
    expect(d.open.value).toBe(true);
    expect(d.errors.fieldErrors.name).toBe('');
    expect(document.querySelector('.el-message')?.textContent).toContain('无法连接服务器');
    expect(button('submit').classList.contains('is-loading')).toBe(false);
  });

  it('submits on Enter in a form inside (the form submit event)', async () => {
    const action = vi.fn().mockResolvedValue(undefined);
    const d = nameDialog(action);
    d.code.value = 'X1';
    await settle();

    document.querySelector('.el-dialog form')!.dispatchEvent(new Event('submit', { bubbles: true, cancelable: true }));
    await settle();
    expect(action).toHaveBeenCalledOnce();
    expect(d.open.value).toBe(false);
  });
});

describe('ReasonDialog', () => {
  it('requires a reason and passes it trimmed', async () => {
    const open = ref(true);
    const action = vi.fn().mockResolvedValue(undefined);
    mount(() =>
      h(ReasonDialog, {
        modelValue: open.value,
        'onUpdate:modelValue': (v: boolean) => (open.value = v),
        title: 'Lift',
        label: 'Reason',
        limit: bodyLimits.postWarningsIdLift.reason,
        action,
        submitTestid: 'reason-submit',
      }),
    );
    await settle();

    button('reason-submit').click();
    await settle();
    expect(action).not.toHaveBeenCalled();
    expect(await fieldError('Reason')).toContain('为必填项');
    expect(open.value).toBe(true);

    const textarea = document.querySelector<HTMLTextAreaElement>('textarea[name=reason]')!;
    textarea.value = '   ';
    textarea.dispatchEvent(new Event('input'));
    button('reason-submit').click();
    await settle();
    expect(action).not.toHaveBeenCalled();

    textarea.value = '  风险已解除  ';
    textarea.dispatchEvent(new Event('input'));
    button('reason-submit').click();
    await settle();
    expect(action).toHaveBeenCalledWith('风险已解除');
    expect(open.value).toBe(false);
  });
});
