/*
 * Configuration of the Camunda Welcome webapp for this product: Chinese by default (and for every
 * browser language other than English), English available. The translations are in
 * ../locales/zh.json (completed to the 7.24 keys); styles/user-styles.css hides the
 * "migrate to Camunda 8" banner.
 */
export default {
  locales: {
    availableLocales: ['zh', 'en'],
    fallbackLocale: 'zh'
  },
  app: {
    name: '欢迎',
    vendor: '全国科技工作者日活动'
  },
  // the application's own page, listed beside Tasklist and Cockpit after login
  links: [
    {
      label: '活动看板',
      href: '/board',
      description: '组织宣传部：各单位方案与总结的报送情况、逾期与催办、统计表导出'
    }
  ]
};
