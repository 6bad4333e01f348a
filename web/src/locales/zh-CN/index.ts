// Chinese (Simplified) messages, one file per area of the UI: the source of truth for every key.
// en-US/ has the same files with exactly the same keys: each is typed from its twin here, so a
// missing or extra key fails vue-tsc. An area's top-level keys are its own (a unit test checks
// that no two areas define the same one). Message syntax is vue-i18n's: {name} interpolates; a
// literal @ { } | must be written {'@'} etc.
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

const zhCN = {
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

export default zhCN;
export type LocaleMessages = typeof zhCN;
