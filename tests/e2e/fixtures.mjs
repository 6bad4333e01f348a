// The accounts and data of the browser story, shared by its scenarios. Steps fill in what the
// server hands out (one-time passwords, TOTP secrets, ids).

export const admin = { username: 'e2eadmin', password: 'E2e#Admin-Pass-2026' };
export const viewer = { username: 'e2e.viewer', name: '测试查看员', newPassword: 'Viewer#Pass-2026x', phone: '13800138000' };
export const safety = { username: 'e2e.safety', name: '测试安全经理', newPassword: 'Safety#Pass-2026x' };
export const auditor = { username: 'e2e.auditor', name: '测试审计员', newPassword: 'Audit#Pass-2026xy' };
export const dept = { name: '测试服务部', code: 'E2E-SVC' };
export const role = { code: 'e2e_viewer', name: '测试查看角色', permissions: ['identity:department:read', 'identity:user:read'] };
export const REVEAL_REASON = '核实理赔申请人身份（自动化测试）';
// A group robot the administrator sets up (a local receiver speaking WeCom's webhook protocol).
export const ROBOT = { name: '应急值班群（测试）', key: 'e2e-robot-key-93c1' };
// The emergency story: a department head who commands level IV responses, and an agent who reports.
export const em = {
  commander: { username: 'em.head', name: '测试部门负责人', newPassword: 'Head#Pass-2026-e2e' },
  agent: { username: 'em.agent', name: '测试客服专员', newPassword: 'Agent#Pass-2026-e2e' },
  commanderRole: {
    code: 'em_commander',
    name: '测试应急指挥',
    data_scope: 'department_tree',
    clearance: 3,
    permissions: [
      'identity:department:read',
      'identity:user:read',
      'emergency:organisation:read',
      'emergency:organisation:manage',
      'incidents:incident:read',
      'incidents:incident:report',
      'incidents:incident:manage',
      'warnings:warning:read',
      'warnings:warning:issue',
      'warnings:checklist:update',
      'incidents:investigation:manage',
      'incidents:case:read',
    ],
  },
  reporterRole: {
    code: 'em_reporter',
    name: '测试事件上报',
    data_scope: 'department',
    clearance: 2,
    permissions: [
      'identity:department:read',
      'emergency:organisation:read',
      'incidents:incident:read',
      'incidents:incident:report',
      'warnings:warning:read',
    ],
  },
  incident: {
    title: '顾客在服务中滑倒受伤',
    place: '北京市朝阳区望京西路 48 号院 3 号楼 502',
    measures: '已拨打 120，服务人员陪同，现场已拍照保护',
    customer: '王女士',
    order: 'SO-20260501-0042',
  },
};
// The workforce story: an HR officer (built-in role hr_officer) and the worker they register.
export const wf = {
  officer: { username: 'wf.hr', name: '测试人事专员', newPassword: 'Hr#Officer-2026-e2e' },
  worker: {
    name: '测试张阿姨',
    idNumber: '110105198001011238',
    // The same with a wrong check character.
    badIdNumber: '110105198001011239',
    phone: '13912340001',
    jobType: '保姆',
  },
};
