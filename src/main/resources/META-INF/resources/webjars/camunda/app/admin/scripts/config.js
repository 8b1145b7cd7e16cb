/*
 * Configuration of the Camunda Admin webapp for this product: Chinese by default (and for every
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
    name: '系统管理',
    vendor: '全国科技工作者日活动'
  }
};
