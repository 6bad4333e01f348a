// Partners (合作方): suppliers, repairers and partner agencies, their register sorted by the next
// evaluation, the periodic evaluation on four criteria and the status of the partnership.
const partners = {
  partners: {
    kinds: {
      supplier: '供应商',
      repairer: '维修服务商',
      agency: '合作机构',
      other: '其他',
    },
    statuses: {
      active: '合作中',
      suspended: '已暂停',
      ended: '已终止',
    },
    results: {
      pass: '合格',
      conditional: '基本合格',
      fail: '不合格',
    },
    criteria: {
      quality: '服务质量',
      safety: '安全管理',
      timeliness: '响应及时',
      compliance: '合规情况',
    },
    field: {
      name: '合作方名称',
      kind: '类型',
      services: '服务内容',
      contactName: '联系人',
      contactPhone: '联系电话',
      status: '状态',
      statusReason: '状态原因',
      evaluationMonths: '评价周期（月）',
      nextEvaluationOn: '下次评价日期',
      firstEvaluationOn: '首次评价日期',
      createdAt: '登记时间',
    },
    reasons: {
      evaluation_failed: '定期评价不合格，自动暂停合作',
    },
    due: {
      overdue: '已逾期',
      today: '今天到期',
      soon: '{days} 天后到期',
    },
    list: {
      keyword: '名称',
      keywordPlaceholder: '按名称搜索',
      due: '评价到期',
      dueWithin: '{days} 天内到期',
      dueNow: '已到期或逾期',
      dueHint: '下次评价日期在所选天数之内（含已逾期）',
      create: '登记合作方',
      empty: '暂无合作方',
      monthsValue: '{months} 个月',
    },
    dialog: {
      title: '登记合作方',
      firstEvaluationHint: '不填时为今天起一个评价周期之后。',
      servicesPlaceholder: '提供的产品或服务，如清洁用品、家电维修、人员派遣',
    },
    detail: {
      notFound: '合作方不存在',
      backToList: '返回合作方列表',
      registeredAt: '登记于 {at}',
      basics: '基本信息',
      evaluations: '评价记录（{count}）',
      noEvaluations: '尚无评价记录',
      evaluatedOn: '评价日期',
      score: '总分',
      result: '结论',
      notes: '评价说明',
      evaluator: '评价人',
    },
    actions: {
      evaluate: '记录评价',
      suspend: '暂停合作',
      reinstate: '恢复合作',
      end: '终止合作',
    },
    evaluation: {
      title: '记录定期评价：{name}',
      criteriaHint: '四项各 0–25 分，合计为总分：80 分及以上合格，60–79 分基本合格，60 分以下不合格。',
      total: '总分',
      willGive: '结论',
      failWarning: '总分低于 60 分，保存后该合作方将被暂停合作。',
      notesPlaceholder: '评价依据、发现的问题与整改要求',
      saved: '评价已记录',
      suspended: '评价不合格，合作方已暂停合作',
    },
    status: {
      title: '{action}：{name}',
      reason: '原因',
      endWarning: '终止后该合作方不能再修改或评价。',
      saved: '状态已更新',
    },
  },
};

export default partners;
