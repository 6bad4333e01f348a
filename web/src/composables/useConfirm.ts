import { ElMessageBox } from 'element-plus';
import { i18n } from '@/locales';

/** Asks before deleting `name` (a danger-styled confirm box); resolves true when confirmed. */
export async function confirmDelete(name: string): Promise<boolean> {
  const { t } = i18n.global;
  try {
    await ElMessageBox.confirm(t('common.deleteConfirm', { name }), t('common.warning'), {
      type: 'warning',
      confirmButtonText: t('common.delete'),
      cancelButtonText: t('common.cancel'),
      confirmButtonClass: 'el-button--danger',
    });
    return true;
  } catch {
    return false;
  }
}
