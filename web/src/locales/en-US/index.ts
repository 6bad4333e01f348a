// English messages, one file per area like zh-CN/ (each file typed from its zh-CN twin).
import type { LocaleMessages } from '../zh-CN';
import audit from './audit';
import auth from './auth';
import common from './common';
import dashboard from './dashboard';
import emergency from './emergency';
import errors from './errors';
import fields from './fields';
import incidents from './incidents';
import notify from './notify';
import orders from './orders';
import partners from './partners';
import system from './system';
import warnings from './warnings';
import workforce from './workforce';

const enUS: LocaleMessages = {
  ...common,
  ...auth,
  ...dashboard,
  ...system,
  ...notify,
  ...audit,
  ...incidents,
  ...warnings,
  ...emergency,
  ...workforce,
  ...orders,
  ...partners,
  ...fields,
  ...errors,
};

export default enUS;
