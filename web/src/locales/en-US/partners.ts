// Partners: suppliers, repairers and partner agencies, their register sorted by the next
// evaluation, the periodic evaluation on four criteria and the status of the partnership.
import type zhCN from '../zh-CN/partners';

const partners: typeof zhCN = {
  partners: {
    kinds: {
      supplier: 'Supplier',
      repairer: 'Repairer',
      agency: 'Partner agency',
      other: 'Other',
    },
    statuses: {
      active: 'Active',
      suspended: 'Suspended',
      ended: 'Ended',
    },
    results: {
      pass: 'Pass',
      conditional: 'Conditional pass',
      fail: 'Fail',
    },
    criteria: {
      quality: 'Service quality',
      safety: 'Safety management',
      timeliness: 'Timeliness',
      compliance: 'Compliance',
    },
    field: {
      name: 'Partner name',
      kind: 'Kind',
      services: 'Services',
      contactName: 'Contact',
      contactPhone: 'Contact phone',
      status: 'Status',
      statusReason: 'Status reason',
      evaluationMonths: 'Evaluation interval (months)',
      nextEvaluationOn: 'Next evaluation',
      firstEvaluationOn: 'First evaluation',
      createdAt: 'Registered',
    },
    reasons: {
      evaluation_failed: 'Failed the periodic evaluation; suspended automatically',
    },
    due: {
      overdue: 'Overdue',
      today: 'Due today',
      soon: 'Due in {days} days',
    },
    list: {
      keyword: 'Name',
      keywordPlaceholder: 'Search by name',
      due: 'Evaluation due',
      dueWithin: 'Within {days} days',
      dueNow: 'Due or overdue',
      dueHint: 'Next evaluation within the chosen number of days (overdue included)',
      create: 'Register partner',
      empty: 'No partners',
      monthsValue: '{months} months',
    },
    dialog: {
      title: 'Register partner',
      firstEvaluationHint: 'Left empty: one evaluation interval from today.',
      servicesPlaceholder: 'Products or services provided, e.g. cleaning supplies, appliance repair, staffing',
    },
    detail: {
      notFound: 'No such partner',
      backToList: 'Back to partners',
      registeredAt: 'Registered {at}',
      basics: 'Details',
      evaluations: 'Evaluations ({count})',
      noEvaluations: 'No evaluations yet',
      evaluatedOn: 'Evaluated on',
      score: 'Score',
      result: 'Result',
      notes: 'Notes',
      evaluator: 'Evaluator',
    },
    actions: {
      evaluate: 'Record evaluation',
      suspend: 'Suspend',
      reinstate: 'Reinstate',
      end: 'End partnership',
    },
    evaluation: {
      title: 'Periodic evaluation: {name}',
      criteriaHint: 'Four criteria of 0–25 points; their sum is the score: 80 and above pass, 60–79 conditional pass, below 60 fail.',
      total: 'Score',
      willGive: 'Result',
      failWarning: 'The score is below 60: saving suspends this partner.',
      notesPlaceholder: 'What the evaluation rests on, problems found and what must be corrected',
      saved: 'Evaluation recorded',
      suspended: 'The evaluation failed; the partner is suspended',
    },
    status: {
      title: '{action}: {name}',
      reason: 'Reason',
      endWarning: 'Once ended, the partner can no longer be changed or evaluated.',
      saved: 'Status updated',
    },
  },
};

export default partners;
