/**
 * The starter library (A3): scripts every new company gets, the same set in zh-CN and en, written to be used as they
 * are and edited to taste. Each has a stable key, so "restore the starter library" can tell which ones a company
 * lacks. Rules name vocabulary codes; a rule left out is [] (any).
 */
import type { Industry, LeadStage, Locale, TalkTrackRules } from '@closeloop/core';

export interface StarterScript {
  key: string;
  rules: Partial<TalkTrackRules>;
  text: Record<Locale, { title: string; body: string }>;
}

const industry = (...industries: Industry[]) => ({ industries });
const stage = (...stages: LeadStage[]) => ({ stages });

export const starterLibrary: readonly StarterScript[] = [
  {
    key: 'manufacturing_lead_time',
    rules: industry('manufacturing'),
    text: {
      en: {
        title: 'Manufacturing: delivery lead time',
        body: 'Most manufacturers I speak with are not short of orders; what hurts is promising a delivery date and then missing it when rush orders reshuffle the schedule. May I ask how many days it takes you today from order to shipment, and how much of that is spent waiting for materials or for a production slot? One component maker we work with cut its average lead time from 28 to 19 days and now ships over 95% of orders on the promised date, mainly by seeing orders, stock and capacity in one place. I would like to walk you through how they did it in 30 minutes, and look at where your own lead time gets stuck. Would Tuesday or Wednesday next week suit you?',
      },
      'zh-CN': {
        title: '制造业：交付周期',
        body: '您好，和很多制造企业交流下来，大家最头疼的往往不是没有订单，而是交期答应了却做不到：插单一多计划就乱，最后只能靠加班和加急物流补救。想请教一下，贵司现在从接单到发货平均要多少天？其中有多少天是在等物料或等排产？我们服务过的一家零部件厂，把平均交付周期从 28 天缩短到 19 天，按期交付率提到了 95% 以上，关键是把订单、库存和产能放到一张表上实时看。我想用 30 分钟给您讲讲他们的做法，也一起看看贵司的交期卡在哪个环节。下周二或周三您哪天方便？',
      },
    },
  },
  {
    key: 'manufacturing_capacity',
    rules: industry('manufacturing'),
    text: {
      en: {
        title: 'Manufacturing: capacity and utilisation',
        body: 'When a plant says it is at full capacity, we often find that the bottleneck is one or two work centres while the rest of the line waits. Do you know your real utilisation per line or per key machine, and how do you decide whether to accept a large order? If capacity is only visible in the planner\'s spreadsheet, every date a salesperson quotes is a guess. We help production and sales see the same capacity figures, so sales promise dates the plant can keep and management sees early when an extra shift or outsourcing pays off. Could we look at last month\'s order mix together and find out where your hidden capacity is?',
      },
      'zh-CN': {
        title: '制造业：产能与利用率',
        body: '很多工厂说产能满了，但细看往往是一两个关键工序成了瓶颈，其他工序反而在等。想了解一下，贵司清楚每条产线或关键设备的实际利用率吗？接大单的时候，是怎么判断能不能做的？如果产能只在计划员的 Excel 里，销售报出的每一个交期其实都是在猜。我们的做法是让生产和销售看到同一份产能数据：销售承诺的交期工厂做得到，管理层也能提前看到什么时候该加班次、什么时候外协更划算。要不我们拿上个月的订单结构一起算一算，看看隐藏的产能在哪里？',
      },
    },
  },
  {
    key: 'manufacturing_quality',
    rules: industry('manufacturing'),
    text: {
      en: {
        title: 'Manufacturing: quality and traceability',
        body: 'Quality problems cost twice: once in scrap and rework, and again when a customer asks which batch a faulty part came from and it takes days to answer. How do you trace a complaint back to the batch, the material lot and the shift today? Customers in automotive and electronics increasingly make traceability a condition of supply. We help plants record inspection results at the station and link them to orders and lots, so a recall is limited to the affected batch and an audit takes hours instead of weeks. If quality is on your agenda this year, I suggest a short session with your quality manager to map your current process together.',
      },
      'zh-CN': {
        title: '制造业：质量与追溯',
        body: '质量问题要付两次钱：一次是报废和返工，另一次是客户投诉时追问“这个件是哪一批的”，结果要花好几天才能查清。想请教一下，贵司现在收到投诉后，怎么追溯到具体批次、原料批号和班次？汽车、电子行业的客户越来越多地把可追溯性写进供货条件。我们帮工厂在工位上直接记录检验结果，并和订单、批次关联起来：出现问题只需召回受影响的批次，应对审核从几周缩短到几小时。如果今年质量是重点工作，建议约上贵司的质量经理，我们花半小时一起把现有流程梳理一遍。',
      },
    },
  },
  {
    key: 'education_cases',
    rules: industry('education'),
    text: {
      en: {
        title: 'Education: replicable cases',
        body: 'Schools and training organisations rarely want to be the first to try something; they want to see that it worked somewhere like them. So rather than a product demo, let me share a case: a training group with 12 campuses rolled our solution out at one campus first, measured the results for a term, and then copied the same playbook to the other 11 campuses in two months. I can send you their rollout plan and the figures they tracked. Which of your campuses or programmes would be the natural pilot, and who would need to see the results before you decide to extend it?',
      },
      'zh-CN': {
        title: '教育：可复制的案例',
        body: '教育机构通常不愿意当第一个吃螃蟹的，更希望看到和自己类似的机构已经做成了。所以今天不急着给您演示产品，先分享一个案例：一家有 12 个校区的培训集团，先在一个校区试点，跑满一个学期看数据，然后用同一套打法在两个月内复制到了其余 11 个校区。他们的推广计划和当时跟踪的指标，我可以整理一份发给您。您看贵校哪个校区或哪个项目最适合做试点？试点结果出来后，还需要给哪些领导看才能决定推广？',
      },
    },
  },
  {
    key: 'education_enrollment',
    rules: industry('education'),
    text: {
      en: {
        title: 'Education: from enquiry to enrolment',
        body: 'For most education businesses the costly part is not getting enquiries but turning them into enrolments: leads from ads and open days wait too long for a call back, and each consultant follows up in their own way. Do you know what share of last term\'s enquiries actually enrolled, and how quickly each one was contacted? When a centre starts calling back within an hour and follows a fixed follow-up rhythm, conversion usually rises noticeably within a term. I would be glad to go through your enquiry-to-enrolment funnel with you and show where the biggest drop is. Would a 30-minute call with your admissions lead this week work?',
      },
      'zh-CN': {
        title: '教育：从咨询到报名',
        body: '对大多数教育机构来说，最贵的不是获客，而是把咨询转成报名：广告和试听课带来的线索回访太慢，每个课程顾问跟进的方式也不一样。想了解一下，上学期的咨询里最后报名的比例大概是多少？每条咨询多久能被联系到？很多校区把首次回访控制在 1 小时内、再按固定节奏跟进后，一个学期内转化率就有明显提升。我很愿意和您一起把“咨询到报名”的漏斗过一遍，找出流失最多的那一步。这周约招生负责人一起聊 30 分钟，您看可以吗？',
      },
    },
  },
  {
    key: 'retail_store_traffic',
    rules: industry('retail'),
    text: {
      en: {
        title: 'Retail: store traffic and conversion',
        body: 'Store managers usually know their sales per day, but far fewer know how many people walked in and how many of them bought. Without traffic and conversion, a slow week could mean fewer visitors or weaker selling, and the fix for each is completely different. How do you compare your stores today? We help retail chains see traffic, conversion and average basket side by side per store and per hour, so staffing and promotions go where they actually move sales. Could we pick three of your stores, a strong one, an average one and a weak one, and look at what the numbers would tell you?',
      },
      'zh-CN': {
        title: '零售：客流与转化',
        body: '很多门店店长清楚每天卖了多少，但很少有人知道进店多少人、其中多少人买了。没有客流和转化率，一周业绩下滑，可能是来的人少了，也可能是成交变差了，两种问题的解决办法完全不同。请问贵司现在是怎么比较各门店表现的？我们帮连锁零售把客流、转化率、客单价按门店、按时段放在一起看，这样排班和促销资源就能投到真正能拉动销售的地方。要不我们挑三家店——一家好的、一家一般的、一家较弱的——一起看看数据能说明什么？',
      },
    },
  },
  {
    key: 'retail_inventory',
    rules: industry('retail'),
    text: {
      en: {
        title: 'Retail: inventory turnover',
        body: 'In retail, cash tends to sit on the shelves: too much of what does not sell, and gaps in what does. How often do your stores run out of best-sellers while the warehouse holds slow stock of the same category? Chains that see sell-through and stock by store every day can move goods between stores before they have to mark them down, and reorder best-sellers before the gap appears. One regional chain we work with raised its inventory turnover from 6 to 8 times a year within two quarters. Would it help if I prepared a short comparison based on one of your categories?',
      },
      'zh-CN': {
        title: '零售：库存周转',
        body: '零售的现金往往压在货架上：卖不动的太多，畅销的又断货。请问贵司门店是否经常出现畅销款断货、而仓库里同品类却积压滞销品的情况？每天能按门店看到动销和库存的连锁企业，可以在不得不打折之前就把货调到卖得好的门店，也能在断货前提前补单。我们合作的一家区域连锁，两个季度内把库存周转从一年 6 次提高到了 8 次。要不我先拿贵司一个品类的数据，做一份简单的对比分析给您参考？',
      },
    },
  },
  {
    key: 'healthcare_compliance',
    rules: industry('healthcare'),
    text: {
      en: {
        title: 'Healthcare: compliance first',
        body: 'In healthcare nobody will discuss efficiency until they are sure a system is compliant, so let me start there. Our solution can keep patient data in your own data centre, records who viewed or changed every record, and supports the access controls your information-security review will ask for. We can send our security documentation, and the reports from reviews at other hospitals, in advance. Who in your organisation signs off on information security and data protection? Would it make sense to include them in our next conversation, so their questions are answered early rather than at the end?',
      },
      'zh-CN': {
        title: '医疗：合规先行',
        body: '在医疗行业，合规没确认之前谈效率是没有意义的，所以我先从合规说起。我们的方案支持数据部署在院方自己的机房，每一条记录谁看过、谁改过都有留痕，也能满足信息安全评审要求的权限管控。我们可以提前提供安全资料，以及之前在其他医院通过评审的报告。请问院里的信息安全和数据保护由哪位负责审批？下次沟通时是否方便请这位老师一起参加？这样他们的问题可以尽早解决，而不是拖到最后。',
      },
    },
  },
  {
    key: 'healthcare_patient_flow',
    rules: industry('healthcare'),
    text: {
      en: {
        title: 'Healthcare: patient flow',
        body: 'Most clinics and hospitals we visit lose time not in treatment but in between: registration queues, waiting for test results, appointments that are missed. Do you know how long a patient spends on average from arrival to leaving, and which step takes the longest? Small changes such as appointment reminders, staggered time slots and a live view of each department\'s queue often cut waiting time by a third without adding staff. If you agree, I would like to spend half a day observing one department with your operations manager and come back with a concrete improvement plan.',
      },
      'zh-CN': {
        title: '医疗：患者流转',
        body: '我们走访的很多医院和诊所，时间不是耗在诊疗上，而是耗在环节之间：挂号排队、等检查结果、预约了却不来。请问贵院是否了解患者从到院到离院平均要多长时间？哪个环节最耗时？预约提醒、分时段就诊、各科室排队情况实时可见，这些小改变往往不增加人手就能把等候时间缩短三分之一。如果您同意，我想和贵院的运营负责人一起，花半天时间观察一个科室的流程，然后给您一份具体的改进方案。',
      },
    },
  },
  {
    key: 'saas_roi',
    rules: industry('saas'),
    text: {
      en: {
        title: 'SaaS: return on investment',
        body: 'Before we talk about features, I want to make sure this is worth your money. From what you told me, about 20 people spend roughly an hour a day on manual reporting; at your average hourly cost that adds up to several hundred thousand a year. Our subscription is a fraction of that, and most customers reach break-even within four to six months. I would like to put these figures into a one-page ROI sheet with your own numbers, so you can use it internally. Could you confirm the team size and the hourly cost you would like me to use?',
      },
      'zh-CN': {
        title: 'SaaS：投资回报',
        body: '在谈功能之前，我想先确认这笔投入对贵司值不值。根据您上次介绍的情况，大约 20 个人每天各花 1 小时左右做手工报表，按人均成本算，一年就是几十万。我们的订阅费只是其中的一小部分，大部分客户 4 到 6 个月就能收回投入。我想用贵司自己的数据做一页投资回报测算，方便您在内部汇报时使用。您能帮我确认一下团队人数和希望采用的人力成本口径吗？',
      },
    },
  },
  {
    key: 'saas_trial_to_paid',
    rules: industry('saas'),
    text: {
      en: {
        title: 'SaaS: from trial to paid',
        body: 'I see your team started the trial last week; thank you for giving it a go. Trials that turn into a real decision usually have one thing in common: a clear goal agreed at the start. What would you need to see by the end of the trial to say that it works for you? If we agree on two or three success criteria now, I can set up the trial around them, check in halfway, and prepare the figures for your final review. Shall we book 20 minutes this week with the people who are actually testing it?',
      },
      'zh-CN': {
        title: 'SaaS：从试用到付费',
        body: '看到贵司团队上周已经开始试用了，非常感谢。能从试用走到正式采购的项目，通常有一个共同点：一开始就约定好了目标。请问试用结束时，您需要看到什么结果，才会认为这套系统适合贵司？如果我们现在就确定两三个成功标准，我可以围绕它们配置试用环境，中途做一次回顾，并在最终评估前把数据整理好。这周约 20 分钟，请实际在用的同事一起聊聊，您看可以吗？',
      },
    },
  },
  {
    key: 'finance_risk',
    rules: industry('finance'),
    text: {
      en: {
        title: 'Finance: risk control',
        body: 'In financial services every new system is first a risk question: could it create an operational or a data risk? I would like to address that directly. Every action in our system is permission-controlled and logged, approvals follow rules you define, and exceptions are flagged as they happen instead of at month end. Several institutions chose us precisely because it gave their risk team a view they did not have before. Could we arrange a session with your risk or compliance lead, so they can tell us which controls matter most to them?',
      },
      'zh-CN': {
        title: '金融：风险控制',
        body: '在金融行业，任何新系统首先是一个风险问题：它会不会带来操作风险或数据风险？我想直接回应这一点。我们系统里的每一个操作都有权限控制和日志留痕，审批按贵司自定义的规则流转，异常在发生时就会被标记出来，而不是等到月底才发现。好几家机构选择我们，恰恰是因为风控团队因此看到了以前看不到的信息。能否安排一次和风控或合规负责人的沟通，请他们告诉我们最看重哪些控制点？',
      },
    },
  },
  {
    key: 'finance_audit',
    rules: industry('finance'),
    text: {
      en: {
        title: 'Finance: audit trail',
        body: 'Audits cost finance teams weeks when the evidence is spread across email, spreadsheets and paper. How long did your last internal or external audit take to prepare? With us, every change to a record keeps who made it and when, in a log that cannot be edited afterwards, and any document can be traced back to its approvals in a few clicks. Auditors can be given read-only access to exactly what they need. I would be glad to show your financial controller how an audit question is answered in our system, using a real example from your last audit.',
      },
      'zh-CN': {
        title: '金融：审计留痕',
        body: '证据散落在邮件、表格和纸质单据里的时候，一次审计就要花掉财务团队好几周。请问贵司上一次内审或外审准备了多长时间？在我们的系统里，每条记录的每次修改都会留下操作人和时间，日志事后无法篡改，任何一张单据点几下就能追溯到它的审批过程，还可以给审计人员开通只读权限，只看他们需要的内容。我很愿意用贵司上次审计中的一个真实问题，给财务负责人演示一下在系统里如何快速作答。',
      },
    },
  },
  {
    key: 'logistics_on_time',
    rules: industry('logistics'),
    text: {
      en: {
        title: 'Logistics: on-time delivery rate',
        body: 'For logistics customers the number that decides renewals is the on-time rate, and it is usually lost on a few lanes or with a few carriers rather than across the board. Do you know last month\'s on-time rate by lane and by carrier? When dispatchers see delays building up in real time, they can re-route or warn the customer before a delay becomes a complaint. One carrier we work with went from 88% to 96% on time within a quarter by concentrating on its ten worst lanes. Could we look at your last month\'s deliveries together and find yours?',
      },
      'zh-CN': {
        title: '物流：准时率',
        body: '对物流客户来说，决定续约的往往是准时率，而准时率通常丢在少数几条线路或几家承运商上，而不是全面下滑。请问贵司清楚上个月按线路、按承运商分别的准时率吗？调度如果能实时看到延误正在累积，就可以在延误变成投诉之前改派或提前通知客户。我们合作的一家运输公司，集中改进了表现最差的 10 条线路，一个季度内准时率从 88% 提升到了 96%。要不我们一起看看贵司上个月的运单数据，把那几条线路找出来？',
      },
    },
  },
  {
    key: 'energy_savings',
    rules: industry('energy'),
    text: {
      en: {
        title: 'Energy: measurable savings',
        body: 'In energy projects everyone promises savings; what decides is whether they can be measured and verified afterwards. How do you track consumption and output today, per site or per unit, and how often do you see the figures? Customers of ours agree a baseline with us before the project starts and then follow the savings month by month against it, which also makes the business case easy to defend internally. One industrial park cut its energy cost per unit of output by 12% in the first year this way. Could we take one of your sites, set a baseline together, and estimate what a realistic saving would be?',
      },
      'zh-CN': {
        title: '能源：可衡量的节能效果',
        body: '能源项目里人人都承诺节能，真正起决定作用的是事后能不能衡量、能不能核实。请问贵司现在是怎么按站点或按单位跟踪能耗和产出的？多久能看到一次数据？我们的客户通常在项目开始前和我们一起确定一个基线，之后每个月对照基线跟踪节能效果，这样在内部论证投资价值也容易得多。有一个工业园区用这种方式，第一年就把单位产值能耗降低了 12%。要不我们先选贵司一个站点，一起定好基线，估算一下现实可行的节能空间？',
      },
    },
  },
  {
    key: 'construction_schedule',
    rules: industry('construction'),
    text: {
      en: {
        title: 'Construction: keeping the schedule',
        body: 'On a construction project, a delay rarely starts on site; it starts with a drawing, a material order or an approval that arrives a week late. How do your project managers see today which deliveries and approvals the next two weeks depend on? When site teams, purchasing and subcontractors work from one up-to-date schedule, problems surface while there is still time to react, and claims are easier to settle because everything is recorded. I would like to look at one of your current projects with its project manager and show where earlier warnings would have saved time. Which project would be the most useful to start with?',
      },
      'zh-CN': {
        title: '建筑：守住工期',
        body: '在建筑项目上，延误很少是从工地开始的，往往是一张图纸、一笔材料订单或一个审批晚到了一周。请问贵司的项目经理现在是怎么掌握未来两周要依赖哪些到货和审批的？当现场、采购和分包商都按同一份实时更新的进度计划工作时，问题会在还来得及应对的时候暴露出来，而且所有事项都有记录，后续索赔也更好处理。我想和一位项目经理一起看看贵司正在进行的一个项目，说明哪些地方如果早一点预警就能节省时间。您看从哪个项目开始最合适？',
      },
    },
  },
  {
    key: 'government_procurement',
    rules: industry('government'),
    text: {
      en: {
        title: 'Public sector: fit the procurement process',
        body: 'I know public projects follow a defined procurement process, and I want to make sure we fit into it rather than work around it. Could you tell me how a project like this is usually budgeted and tendered in your organisation, and at what point the requirements are fixed? We can provide our qualifications, security certifications and references from other public bodies early, so they are ready when the tender documents are drafted. If it helps, we can also give a neutral briefing on the options on the market to the people preparing the requirements. When does your next budget cycle start?',
      },
      'zh-CN': {
        title: '政府：配合采购流程',
        body: '我了解政府项目都有规范的采购流程，我希望我们是配合这个流程，而不是绕开它。能否请您介绍一下，这类项目在贵单位通常是怎么立项、怎么招标的？需求一般在哪个环节确定？我们可以提前提供资质证明、安全认证和其他政府单位的案例材料，在编制招标文件时就能直接使用。如果有帮助，我们也可以给负责编制需求的同事做一次客观的市场方案介绍。请问下一个预算周期什么时候开始？',
      },
    },
  },
  {
    key: 'reengage_quiet_lead',
    rules: {},
    text: {
      en: {
        title: 'A quiet lead: re-open the conversation',
        body: 'It has been a little while since we last spoke, so I wanted to check in rather than let things drift. Has anything changed on your side since then, in priorities, budget or timing? If now is not the right moment, just tell me and I will get back to you when it suits you better. If it still is, I can send you a short summary of where we left off and one concrete next step, so it takes you no more than five minutes to decide. Which would you prefer?',
      },
      'zh-CN': {
        title: '沉默线索：重新打开话题',
        body: '距离上次沟通有一段时间了，想跟您确认一下近况，不想让事情就这样搁置。最近贵司在优先级、预算或时间安排上有没有什么变化？如果现在不是合适的时机，您直接告诉我就好，我在您方便的时候再联系您。如果仍在计划中，我可以把上次沟通的要点和一个具体的下一步整理发给您，您花五分钟就能做决定。您看哪种方式更合适？',
      },
    },
  },
  {
    key: 'committee_purchasing',
    rules: { decisionChains: ['committee'] },
    text: {
      en: {
        title: 'Buying committee: bring in purchasing early',
        body: 'Since a committee will make the decision, I want to make sure nobody on it hears about us for the first time in the final meeting. In our experience, purchasing asks the questions that delay a project most: contract terms, payment schedule, supplier qualification. Would you introduce me to your purchasing lead now, so I can send them our qualification documents and standard contract early? It would also help to know who else sits on the committee and what each of them cares about most, so our proposal answers their questions before they ask them.',
      },
      'zh-CN': {
        title: '采购委员会：尽早引入采购',
        body: '既然最终由采购委员会决策，我希望委员会里的每一位都不是在最后一次会上才第一次听说我们。根据经验，最容易让项目拖延的往往是采购提出的问题：合同条款、付款节奏、供应商资质等。您是否愿意现在就帮我引荐一下采购负责人？我可以提前把资质文件和标准合同发过去。另外，如果方便的话，也想了解一下委员会还有哪些成员、各自最关心什么，这样我们的方案可以在他们提问之前就把答案准备好。',
      },
    },
  },
  {
    key: 'multi_level_signoff',
    rules: { decisionChains: ['multi_level'] },
    text: {
      en: {
        title: 'Several sign-offs: map the approval path',
        body: 'You mentioned that a purchase like this needs several sign-offs. To avoid surprises, could we walk through the path together: after you recommend it, who approves next, what does each person need to see, and how long does each step usually take? I can then prepare a short summary for each level, for example the business case for your director and the budget detail for finance, so you are not left translating our proposal for everyone. Once we know the timeline, we can also plan backwards from the date you want to start.',
      },
      'zh-CN': {
        title: '多级审批：理清审批路径',
        body: '您提到这类采购需要多级审批。为了避免后面出现意外，我们能否一起把审批路径梳理一下：您推荐之后，下一步由谁审批？每一级需要看到什么材料？每一步通常需要多长时间？这样我可以给每一级准备一份简短的材料，比如给总监看业务价值、给财务看预算明细，您就不用再把我们的方案逐个解释给各位领导了。知道了时间线，我们也可以从您希望启动的日期倒推安排。',
      },
    },
  },
  {
    key: 'single_decider_close',
    rules: { decisionChains: ['single'], ...stage('proposal', 'negotiation') },
    text: {
      en: {
        title: 'Single decision-maker: close quickly',
        body: 'Since you are the one who decides, I will keep this short and make it easy. You have seen the demo, the proposal covers the three points you raised, and the price includes setup and training. If the terms work for you, we can sign this week and have your team working in the system within ten days. Is there anything that would stop you from going ahead today? If not, I will send the contract this afternoon and book the kick-off for next Monday.',
      },
      'zh-CN': {
        title: '一人拍板：快速成交',
        body: '既然这件事由您拍板，我就长话短说，尽量让您省事。演示您已经看过了，方案里也覆盖了您提出的三个关注点，报价包含实施和培训。如果条款没问题，我们这周就可以签约，十天内贵司团队就能用上系统。请问还有什么因素会影响您今天做决定吗？如果没有，我下午就把合同发给您，并把启动会定在下周一。',
      },
    },
  },
  {
    key: 'budget_entry_package',
    rules: { budgetBands: ['under_100k'] },
    text: {
      en: {
        title: 'Budget under ¥100k: the entry package',
        body: 'I understand this year\'s budget is limited, and I would rather start small and prove the value than propose something you cannot get approved. Our entry package covers the core features for one team, needs no extra hardware, and can be live within two weeks. Most customers who start this way expand once the first team\'s results are visible, and the entry fee counts towards the larger plan. Shall I prepare an entry-package quotation for the team that would benefit most, so you can get it approved within your current budget?',
      },
      'zh-CN': {
        title: '预算 10 万以下：入门套餐',
        body: '理解今年的预算比较有限，与其提一个您批不下来的方案，我更愿意先从小处做起，用结果证明价值。我们的入门套餐覆盖一个团队所需的核心功能，不需要额外采购硬件，两周内就能上线。大多数这样起步的客户，在第一个团队看到效果后都会扩大使用，入门套餐的费用也可以抵扣后续的升级费用。要不我先为最能受益的那个团队出一份入门套餐报价，方便您在现有预算内审批？',
      },
    },
  },
  {
    key: 'budget_phased_rollout',
    rules: { budgetBands: ['over_2m'] },
    text: {
      en: {
        title: 'Budget over ¥2M: a phased rollout',
        body: 'With an investment of this size, your management will rightly want to see results before committing all of it. I suggest a phased rollout: phase one in one business unit over three months with agreed success criteria, then phase two across the remaining units once those criteria are met, with payment tied to each phase. This keeps the risk low, gives you an internal success story to build on, and lets us adapt the plan to what we learn. Could we sit down with your project sponsor to define the phases and the criteria for moving from one to the next?',
      },
      'zh-CN': {
        title: '预算 200 万以上：分阶段实施',
        body: '投入到这个量级，管理层希望先看到效果再全部投入，这完全合理。我建议分阶段实施：第一阶段在一个业务单元试行三个月，事先约定成功标准；达标后第二阶段再推广到其他单元，付款也与各阶段挂钩。这样风险可控，贵司内部也会先有一个成功样板，我们还可以根据第一阶段的经验调整后续计划。能否约上项目发起人一起，把阶段划分和每个阶段的验收标准定下来？',
      },
    },
  },
  {
    key: 'stage_new_opening',
    rules: stage('new'),
    text: {
      en: {
        title: 'New lead: the first call',
        body: 'Hello, thank you for getting in touch with us recently. I will be your contact here, and I want to make sure you get what you were looking for. I won\'t take much of your time: could you tell me briefly what made you reach out, and what you are hoping to improve? Depending on your answer, I can send you a short case from a company like yours, or set up a 20-minute call with one of our specialists. Which would be more useful, and when would suit you this week?',
      },
      'zh-CN': {
        title: '新线索：首次通话开场',
        body: '您好，感谢您前几天联系我们，我是负责对接您的销售顾问，想确认一下您需要的信息都拿到了。不会占用您太多时间：方便简单说一下，是什么原因让您想了解我们？希望改善哪方面的问题？根据您的情况，我可以先发一个和贵司类似企业的案例，也可以安排专家和您通个 20 分钟的电话。您觉得哪种更有帮助？这周什么时间方便？',
      },
    },
  },
  {
    key: 'stage_contacted_discovery',
    rules: stage('contacted'),
    text: {
      en: {
        title: 'After the first contact: discovery questions',
        body: 'Thank you for our first conversation. Before I suggest anything, I would like to understand your situation properly, so may I ask a few questions? How does the process work today, and where does it cost you the most time or money? What have you already tried, and why did it not solve the problem? If this were fixed, how would you measure the difference, and by when do you need it? Who else would be involved in choosing a solution? With those answers I can tell you honestly whether we are a good fit.',
      },
      'zh-CN': {
        title: '初步接触后：需求挖掘',
        body: '感谢上次的沟通。在给您推荐任何方案之前，我想先把情况了解清楚，可以请教几个问题吗？目前这个流程是怎么运转的？最耗时间或最花钱的是哪一环？之前尝试过哪些办法，为什么没有解决问题？如果问题解决了，您会用什么指标衡量效果？希望什么时候看到结果？选择方案时还有哪些同事会参与？有了这些信息，我可以坦诚地告诉您，我们到底适不适合贵司。',
      },
    },
  },
  {
    key: 'stage_proposal_objections',
    rules: stage('proposal'),
    text: {
      en: {
        title: 'Proposal: handling objections',
        body: 'Now that you have had time to read the proposal, I would like to hear your honest reaction, including anything that worries you. If the concern is price, let us look at which parts of the scope matter most to you; we can phase the rest rather than cut quality. If it is timing, we can agree on a start date that suits you and hold today\'s terms until then. If it is risk, I can arrange a call with one of our customers in your industry. Which of these is closest to what is holding you back?',
      },
      'zh-CN': {
        title: '方案阶段：异议处理',
        body: '您已经看过方案了，想听听您真实的想法，包括有哪些顾虑。如果是价格问题，我们可以一起看看哪些模块对您最重要，其余部分可以分期上线，而不是降低质量；如果是时间问题，我们可以约定一个适合您的启动日期，并把今天的报价条件保留到那时；如果担心风险，我可以安排您和我们一位同行业客户直接通个电话。您看，哪一种最接近您现在的顾虑？',
      },
    },
  },
  {
    key: 'stage_negotiation_guardrails',
    rules: stage('negotiation'),
    text: {
      en: {
        title: 'Negotiation: discount guardrails',
        body: 'I understand you need a better price, and I want to find an agreement that works for both of us. The discount I can offer depends on what changes on your side: a longer contract term, payment in advance or a larger scope each allow a different price, and I can show you the options side by side. What I cannot do is lower the price for the same scope and terms, because that would not be fair to our other customers. Which of these options is most realistic for you, so that I can prepare the revised offer today?',
      },
      'zh-CN': {
        title: '谈判阶段：折扣底线',
        body: '理解您希望价格再优惠一些，我也希望找到一个双方都能接受的方案。我能给的折扣取决于贵司这边有哪些变化：签更长的合同期、预付款项，或者扩大采购范围，每一种都对应不同的价格，我可以把几个选项并排列给您看。但在范围和条款不变的情况下单纯降价，我做不到，因为这对我们的其他客户不公平。您看哪个选项对贵司最现实？我今天就把调整后的报价准备好。',
      },
    },
  },
];
